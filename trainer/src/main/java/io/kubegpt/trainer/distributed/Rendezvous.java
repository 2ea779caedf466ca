package io.kubegpt.trainer.distributed;

import io.kubegpt.trainer.RankFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.ByteVector;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;

/**
 * The key-value store every rank meets at: rank 0 serves it at MASTER_ADDR:MASTER_PORT and publishes its
 * {@link JobAttempt} there, the others connect and check it is theirs before they touch any other key. The ranks'
 * own keys (Gloo's, the heartbeats) lie under the attempt's prefix, so a rank of an earlier attempt that reaches
 * this store, or a pod of another job, finds nothing of this attempt's and fails at once naming both attempts.
 */
final class Rendezvous {

    /** The one key outside every attempt's prefix: the attempt rank 0 runs. */
    static final String ATTEMPT_KEY = "kubegpt/attempt";
    /** Rank 0 names its attempt as soon as its store serves; a connected rank waits for it this long at most. */
    private static final Duration ATTEMPT_WAIT = Duration.ofSeconds(30);

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
        if (env.leader()) {
            store.set(ATTEMPT_KEY, new ByteVector(attempt.storePrefix().getBytes(StandardCharsets.UTF_8)));
            return store;
        }
        String leaders;
        try {
            store.setTimeout(new Milliseconds(ATTEMPT_WAIT.toMillis()));
            leaders = new String(store.get(ATTEMPT_KEY).get(), StandardCharsets.UTF_8);
            store.setTimeout(new Milliseconds(timeout.toMillis()));
        } catch (RuntimeException e) {
            store.close();
            throw new RankFailure(List.of(0), "rank " + env.rank() + ": the store at " + at + " names no attempt "
                    + "within " + ATTEMPT_WAIT.toSeconds() + " s, so it is not a rank 0 of this trainer: "
                    + PeerMonitor.firstLine(e), e);
        }
        if (!leaders.equals(attempt.storePrefix())) {
            store.close();
            throw new RankFailure(List.of(env.rank()), "rank " + env.rank() + " of " + attempt + " cannot join rank 0"
                    + " at " + at + ", which runs " + JobAttempt.describe(leaders) + ": ranks of different "
                    + "attempts never train together", null);
        }
        return store;
    }
}
