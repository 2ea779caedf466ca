package io.kubegpt.trainer.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.nd4j.linalg.factory.Nd4j;

/** Sizes ND4J's native thread pools (its op threads, OpenMP for oneDNN, and OpenBLAS's own) and how they wait. */
public final class NativeThreads {

    private NativeThreads() {
    }

    /**
     * With oneDNN the matrix products run on the OpenMP threads; OpenBLAS's separate pool then only competes with
     * them for the cores (its threads spin after each call): at 2 threads a GPT training step took 266 ms with
     * both pools at 2 threads and 196-225 ms with OpenBLAS at 1.
     */
    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        NativeLibraries.loadNd4j();
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(NativeBinaries.usesOneDnn() ? 1 : threads);
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
