package io.kubegpt.trainer.train;

import org.nd4j.linalg.factory.Nd4j;

/** Sizes ND4J's native thread pools (its own op threads and the BLAS/oneDNN pool). */
public final class NativeThreads {

    private NativeThreads() {
    }

    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
