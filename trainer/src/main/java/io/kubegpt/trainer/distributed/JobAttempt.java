package io.kubegpt.trainer.distributed;

import io.kubegpt.api.trainer.TrainerEnvironment;
import io.kubegpt.trainer.InvalidInputException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which try of which job a rank belongs to: the operator sets {@code KUBEGPT_JOB_UID} and {@code KUBEGPT_ATTEMPT}
 * (one more per restart of the gang) on every rank; without them, attempt 0 of no job. Ranks meet only ranks of
 * their own attempt: every key they use in rank 0's store lies under {@link #storePrefix()}.
 *
 * @param jobUid the job's UID, empty when none is set
 */
public record JobAttempt(String jobUid, int attempt) {

    private static final Pattern STORE_PREFIX = Pattern.compile("(.*)/([0-9]+)/");

    public JobAttempt {
        if (attempt < 0) {
            throw new InvalidInputException(TrainerEnvironment.ATTEMPT, TrainerEnvironment.ATTEMPT + " " + attempt
                    + " is negative");
        }
    }

    public static JobAttempt from(Map<String, String> env) {
        String uid = env.get(TrainerEnvironment.JOB_UID);
        String attempt = env.get(TrainerEnvironment.ATTEMPT);
        return new JobAttempt(uid == null ? "" : uid.trim(),
                attempt == null || attempt.isBlank() ? 0 : RankEnvironment.integer(env, TrainerEnvironment.ATTEMPT));
    }

    /** {@code <jobUid>/<attempt>/}. */
    public String storePrefix() {
        return jobUid + "/" + attempt + "/";
    }

    /** The attempt whose {@link #storePrefix()} is {@code prefix}, as {@link #toString()} says it. */
    static String describe(String prefix) {
        Matcher parts = STORE_PREFIX.matcher(prefix);
        return parts.matches() ? new JobAttempt(parts.group(1), Integer.parseInt(parts.group(2))).toString()
                : "'" + prefix + "'";
    }

    @Override
    public String toString() {
        return "attempt " + attempt + (jobUid.isEmpty() ? " (no job UID)" : " of job " + jobUid);
    }
}
