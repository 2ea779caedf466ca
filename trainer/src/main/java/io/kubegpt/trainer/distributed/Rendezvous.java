package io.kubegpt.trainer.distributed;

import java.time.Duration;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;

/**
 * The key-value store every rank meets at: rank 0 serves it at MASTER_ADDR:MASTER_PORT, the others connect. The
 * constructor returns once all WORLD_SIZE ranks have connected, or throws after the rendezvous timeout.
 */
final class Rendezvous {

    private Rendezvous() {
    }

    static TCPStore connect(RankEnvironment env, Duration timeout) {
        TCPStoreOptions options = new TCPStoreOptions()
                .port((short) env.masterPort())
                .isServer(env.leader())
                .numWorkers(new SizeTPointer(1).put(env.worldSize()))
                .waitWorkers(true)
                .timeout(new Milliseconds(timeout.toMillis()));
        try {
            return new TCPStore(env.masterAddress(), options);
        } catch (RuntimeException e) {
            throw new RankFailure(env.leader() ? java.util.List.of() : java.util.List.of(0), "rank " + env.rank()
                    + " could not meet the other ranks at " + env.masterAddress() + ":" + env.masterPort()
                    + " within " + timeout.toSeconds() + " s (WORLD_SIZE " + env.worldSize() + "): " + e.getMessage(), e);
        }
    }
}
