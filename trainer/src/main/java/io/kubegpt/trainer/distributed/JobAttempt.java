package io.kubegpt.trainer.distributed;

import io.kubegpt.api.trainer.TrainerEnvironment;
import io.kubegpt.trainer.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Which try of which job a rank belongs to: the operator sets {@code KUBEGPT_JOB_UID} and {@code KUBEGPT_ATTEMPT}
 * (one more per restart of the gang) on every rank, and {@code KUBEGPT_RENDEZVOUS_SECRET} from that attempt's own
 * Secret; without them, attempt 0 of no job. Ranks meet only ranks of their own attempt: every key they use in rank
 * 0's store lies under {@link #storePrefix()}, which, with a secret, is a keyed hash of job and attempt that nobody
 * without the secret can compute.
 *
 * @param jobUid the job's UID, empty when none is set
 * @param secret the attempt's rendezvous secret, empty when none is set
 */
public record JobAttempt(String jobUid, int attempt, String secret) {

    public JobAttempt {
        if (attempt < 0) {
            throw new InvalidInputException(TrainerEnvironment.ATTEMPT, TrainerEnvironment.ATTEMPT + " " + attempt
                    + " is negative");
        }
        secret = secret == null ? "" : secret;
    }

    /** An attempt without a rendezvous secret, whose store keys anyone who knows the job's UID can compute. */
    public JobAttempt(String jobUid, int attempt) {
        this(jobUid, attempt, "");
    }

    public static JobAttempt from(Map<String, String> env) {
        String uid = env.get(TrainerEnvironment.JOB_UID);
        String attempt = env.get(TrainerEnvironment.ATTEMPT);
        String secret = env.get(TrainerEnvironment.RENDEZVOUS_SECRET);
        return new JobAttempt(uid == null ? "" : uid.trim(),
                attempt == null || attempt.isBlank() ? 0 : RankEnvironment.integer(env, TrainerEnvironment.ATTEMPT),
                secret == null ? "" : secret.trim());
    }

    /** {@code kubegpt/<HMAC-SHA256(secret, jobUid/attempt)>/}, or without a secret {@code <jobUid>/<attempt>/}. */
    public String storePrefix() {
        String attemptOfJob = jobUid + "/" + attempt;
        if (secret.isEmpty()) {
            return attemptOfJob + "/";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "kubegpt/" + HexFormat.of().formatHex(mac.doFinal(attemptOfJob.getBytes(StandardCharsets.UTF_8)))
                    + "/";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "attempt " + attempt + (jobUid.isEmpty() ? " (no job UID)" : " of job " + jobUid);
    }
}
