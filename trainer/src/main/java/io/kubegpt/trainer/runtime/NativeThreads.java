package io.kubegpt.trainer.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sizes ND4J's native thread pools (its op threads, the OpenMP team oneDNN's matrix products run on, and OpenBLAS's
 * own) and how they wait.
 */
public final class NativeThreads {

    private NativeThreads() {
    }

    /**
     * Makes ND4J's ops use {@code threads} threads. Called before ND4J loads (as the CLI does), it sizes OpenMP's
     * team for every thread of the process (OMP_NUM_THREADS, which OpenMP reads once); later, only for the calling
     * thread, the one that trains. ND4J's own setting does not reach OpenMP: oneDNN's matrix products ran on every
     * core at {@code --threads 1}, and a per-thread setting ran a step 1.3 times slower than the variable.
     *
     * <p>With oneDNN the matrix products run on the OpenMP threads; OpenBLAS's separate pool then only competes with
     * them for the cores (its threads spin after each call): at 2 threads a GPT training step took 266 ms with
     * both pools at 2 threads and 196-225 ms with OpenBLAS at 1.
     */
    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (!NativeLibraries.nd4jLoaded()) {
            LibC.LIBRARY.setenv("OMP_NUM_THREADS", Integer.toString(threads), 1);
        }
        NativeLibraries.loadNd4j();
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(NativeBinaries.usesOneDnn() ? 1 : threads);
        OpenMp.LIBRARY.omp_set_num_threads(threads);
    }

    /**
     * Unless OMP_WAIT_POLICY is set, makes OpenMP threads sleep at barriers instead of spinning; call before ND4J
     * loads (OpenMP reads it once). With other processes on the cores (or a container CPU quota), spinning threads
     * waited for descheduled ones: 2 threads ran at 88 tokens/s spinning against 1,769-2,374 passive, same model,
     * same minutes.
     */
    public static void waitPassivelyUnlessConfigured() {
        if (System.getenv("OMP_WAIT_POLICY") == null) {
            LibC.LIBRARY.setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
        }
    }

    /** The thread count of the OpenMP parallel regions the calling thread starts. */
    public static int openMpThreads() {
        return OpenMp.LIBRARY.omp_get_max_threads();
    }

    /**
     * The OpenMP runtime ND4J loaded, found by its soname: only once ND4J has loaded it, or the dynamic linker would
     * load another copy from the library path.
     */
    private interface OpenMp extends Library {
        OpenMp LIBRARY = Native.load("libgomp.so.1", OpenMp.class);

        void omp_set_num_threads(int threads);

        int omp_get_max_threads();
    }
}
