package io.kubegpt.trainer.train;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.nd4j.linalg.factory.Nd4j;

/** Sizes ND4J's native thread pools (its own op threads and the BLAS/oneDNN pool) and how they wait. */
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

    /**
     * Unless OMP_WAIT_POLICY is set, makes OpenMP threads sleep at barriers instead of spinning; call before ND4J
     * loads (OpenMP reads it once). With other processes on the cores (or a container CPU quota), spinning threads
     * waited for descheduled ones: 2 threads ran at 88 tokens/s spinning against 1,769-2,374 passive, same model,
     * same minutes.
     */
    public static void waitPassivelyUnlessConfigured() {
        if (System.getenv("OMP_WAIT_POLICY") == null) {
            C.LIBRARY.setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
        }
    }

    private interface C extends Library {
        C LIBRARY = Native.load("c", C.class);

        int setenv(String name, String value, int overwrite);
    }
}
