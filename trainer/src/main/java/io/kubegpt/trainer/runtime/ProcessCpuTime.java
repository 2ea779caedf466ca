package io.kubegpt.trainer.runtime;

/**
 * CPU time of the whole process, every thread of it (OpenMP's and the JVM's included), to the nanosecond: divided by
 * the wall time of the same interval it says how many cores were busy. The JVM's own process CPU time counts clock
 * ticks of 10 ms, too coarse for one op.
 */
public final class ProcessCpuTime {

    private static final int CLOCK_PROCESS_CPUTIME_ID = 2;

    private ProcessCpuTime() {
    }

    /** Nanoseconds of CPU the process has used since it started. */
    public static long nanos() {
        LibC.TimeSpec time = new LibC.TimeSpec();
        if (LibC.LIBRARY.clock_gettime(CLOCK_PROCESS_CPUTIME_ID, time) != 0) {
            throw new IllegalStateException("clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
        }
        return time.tv_sec * 1_000_000_000L + time.tv_nsec;
    }
}
