package io.kubegpt.trainer.distributed;

import io.kubegpt.trainer.RankFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.ByteVector;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;

/**
 * The key-value store every rank meets at: rank 0 serves it at MASTER_ADDR:MASTER_PORT and marks its
 * {@link JobAttempt} there, the others connect and wait for that mark before they touch any other key. The mark and
 * the ranks' own keys (Gloo's, the heartbeats, failure reports) lie under the attempt's prefix, which derives from the
 * attempt's rendezvous secret: a rank of an earlier attempt, a pod of another job, or any other client of the store
 * finds nothing there it can read or overwrite.
 *
 * <p>Rank 0 also names its attempt under one public key, never trusted: it only lets a rank of another attempt fail
 * fast, with a message naming both attempts, instead of after the full wait. A client that overwrites it cannot
 * fail a rank of the right attempt, which joins as soon as it sees rank 0's mark.
 */
final class Rendezvous {

    /** The one key outside every attempt's prefix: the attempt rank 0 says it runs. */
    static final String CLAIMED_ATTEMPT_KEY = "kubegpt/attempt";
    private static final String MARK = "kubegpt/rank-0";
    /** Rank 0 marks its attempt as soon as its store serves; a connected rank waits for the mark this long at most. */
    private static final Duration MARK_WAIT = Duration.ofSeconds(30);
    /** How long a rank waits for the mark once rank 0 claims another attempt: rank 0 writes the mark first. */
    private static final Duration OTHER_ATTEMPT_WAIT = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 50;

    private Rendezvous() {
    }

    /** The store, once this rank knows rank 0 runs its attempt; the others join later, through Gloo. */
    static TCPStore connect(RankEnvironment env, JobAttempt attempt, Duration timeout) {
        TCPStoreOptions options = new TCPStoreOptions()
                .port((short) env.masterPort())
                .isServer(env.leader())
                // Gloo's own rendezvous, under the attempt's prefix, waits for the ranks: a connection alone proves
                // nothing, since a rank of another attempt connects too
                .waitWorkers(false)
                .timeout(new Milliseconds(timeout.toMillis()));
        String at = env.masterAddress() + ":" + env.masterPort();
        TCPStore store;
        try {
            store = new TCPStore(env.masterAddress(), options);
        } catch (RuntimeException e) {
            throw new RankFailure(env.leader() ? List.of() : List.of(0), "rank " + env.rank() + " could not meet "
                    + "rank 0 at " + at + " within " + timeout.toSeconds() + " s: " + PeerMonitor.firstLine(e), e);
        }
        String mark = attempt.storePrefix() + MARK;
        if (env.leader()) {
            store.set(mark, bytes(attempt.toString()));
            store.set(CLAIMED_ATTEMPT_KEY, bytes(attempt.toString()));
            return store;
        }
        try {
            awaitMark(store, mark, env, attempt, at);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private static void awaitMark(TCPStore store, String mark, RankEnvironment env, JobAttempt attempt, String at) {
        long deadline = System.nanoTime() + MARK_WAIT.toNanos();
        long otherAttemptSince = -1;
        while (!store.check(new StringVector(mark))) {
            long now = System.nanoTime();
            String claimed = store.check(new StringVector(CLAIMED_ATTEMPT_KEY))
                    ? new String(store.get(CLAIMED_ATTEMPT_KEY).get(), StandardCharsets.UTF_8) : null;
            if (claimed != null && !claimed.equals(attempt.toString())) {
                otherAttemptSince = otherAttemptSince < 0 ? now : otherAttemptSince;
                if (now - otherAttemptSince > OTHER_ATTEMPT_WAIT.toNanos()) {
                    throw new RankFailure(List.of(env.rank()), "rank " + env.rank() + " of " + attempt
                            + " cannot join rank 0 at " + at + ", which runs " + claimed + ": ranks of different "
                            + "attempts never train together", null);
                }
            }
            if (now > deadline) {
                throw new RankFailure(List.of(0), "rank " + env.rank() + ": no rank 0 of " + attempt + " marked the "
                        + "store at " + at + " within " + MARK_WAIT.toSeconds() + " s (it runs "
                        + (claimed == null ? "no attempt" : claimed) + "), so it is not this attempt's rank 0, or "
                        + "this rank's rendezvous secret is not the attempt's", null);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RankFailure(List.of(), "rank " + env.rank() + " was interrupted waiting for rank 0", e);
            }
        }
    }

    /** A store value: the text in UTF-8. */
    static ByteVector bytes(String text) {
        return new ByteVector(text.getBytes(StandardCharsets.UTF_8));
    }
}
