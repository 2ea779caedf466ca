package io.kubegpt.trainer.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sizes ND4J's native thread pools (its op threads, the OpenMP team oneDNN's matrix products run on, and OpenBLAS's
 * own), how they wait and where they run.
 */
public final class NativeThreads {

    /** OpenMP's placement settings: where one is set, the user placed the threads. */
    static final List<String> PLACEMENT = List.of("OMP_PROC_BIND", "OMP_PLACES", "GOMP_CPU_AFFINITY");

    /** glibc's cpu_set_t: 1,024 CPUs. */
    private static final int CPU_SET_WORDS = 1024 / Long.SIZE;

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
            if (bindsToCores(threads, allowedCpus(), System.getenv())) {
                LibC.LIBRARY.setenv("OMP_PROC_BIND", "close", 1);
                LibC.LIBRARY.setenv("OMP_PLACES", "cores", 1);
            }
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

    /**
     * Whether OpenMP's threads should each stay on a core of their own: when the team takes every core this process
     * may run on (its affinity mask: a machine of its own, or a pod's exclusive CPUs), it is the only rank there, and
     * the user placed nothing. Left to the scheduler, a thread may move, and on a machine whose cores share no cache
     * it then finds the rows it wrote in the other core's cache: at GPT-1's width, 2 threads, 9 alternating pairs,
     * bound threads trained a median 370 tokens/s against 348. Threads that the training thread starts afterwards
     * inherit its core; a rank's collective threads would, so the ranks of a data-parallel run are left unbound.
     */
    static boolean bindsToCores(int threads, int allowedCpus, Map<String, String> environment) {
        boolean placed = PLACEMENT.stream().anyMatch(environment::containsKey);
        boolean oneRank = environment.getOrDefault("WORLD_SIZE", "1").equals("1");
        return threads > 1 && threads == allowedCpus && oneRank && !placed;
    }

    /** The number of CPUs in this process's affinity mask, from {@code /proc/self/status}; 0 where unknown. */
    static int allowedCpus() {
        return processCpus().size();
    }

    /**
     * The CPUs in this process's affinity mask as it started (the mask of its first thread, which OpenMP never
     * binds), in ascending order; empty where unknown.
     */
    static List<Integer> processCpus() {
        try {
            return ProcessStatus.field("Cpus_allowed_list").map(NativeThreads::cpus).orElse(List.of());
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** The CPUs of a Linux CPU list such as {@code 0-3,8,10-11}. */
    static List<Integer> cpus(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String range : list.split(",")) {
            String[] ends = range.split("-");
            int last = Integer.parseInt(ends[ends.length - 1]);
            for (int cpu = Integer.parseInt(ends[0]); cpu <= last; cpu++) {
                cpus.add(cpu);
            }
        }
        return cpus;
    }

    /**
     * Readies the calling thread to run one of several passes side by side, each on a core of its own: its OpenMP
     * regions (oneDNN's products) run on 1 thread, and where OpenMP binds threads to cores ({@link #openMpBound}), the
     * thread moves to the {@code index}-th CPU of the process. OpenMP bound the thread that loaded it to the first,
     * and a thread inherits the core of the thread that starts it, so unmoved every pass would share that one core.
     */
    public static void runOnOneCore(int index) {
        OpenMp.LIBRARY.omp_set_num_threads(1);
        if (!openMpBound()) {
            return;
        }
        List<Integer> cpus = StartingMask.CPUS;
        if (index < cpus.size()) {
            int cpu = cpus.get(index);
            long[] mask = new long[CPU_SET_WORDS];
            mask[cpu / Long.SIZE] = 1L << (cpu % Long.SIZE);
            if (LibC.LIBRARY.sched_setaffinity(0, (long) mask.length * Long.BYTES, mask) != 0) {
                throw new IllegalStateException("could not move a thread to CPU " + cpu + " (sched_setaffinity)");
            }
        }
    }

    /** Whether OpenMP binds its threads to places (OMP_PROC_BIND other than false). */
    public static boolean openMpBound() {
        return OpenMp.LIBRARY.omp_get_proc_bind() != 0;
    }

    /** The thread count of the OpenMP parallel regions the calling thread starts. */
    public static int openMpThreads() {
        return OpenMp.LIBRARY.omp_get_max_threads();
    }

    /** The process's CPUs, read once: {@link #runOnOneCore} runs on every step. */
    private static final class StartingMask {
        static final List<Integer> CPUS = List.copyOf(processCpus());
    }

    /**
     * The OpenMP runtime ND4J loaded, found by its soname: only once ND4J has loaded it, or the dynamic linker would
     * load another copy from the library path.
     */
    private interface OpenMp extends Library {
        OpenMp LIBRARY = Native.load("libgomp.so.1", OpenMp.class);

        void omp_set_num_threads(int threads);

        int omp_get_max_threads();

        int omp_get_proc_bind();
    }
}
