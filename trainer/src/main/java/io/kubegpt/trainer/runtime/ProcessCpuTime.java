package io.kubegpt.trainer.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

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
        C.TimeSpec time = new C.TimeSpec();
        if (C.LIBRARY.clock_gettime(CLOCK_PROCESS_CPUTIME_ID, time) != 0) {
            throw new IllegalStateException("clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
        }
        return time.tv_sec * 1_000_000_000L + time.tv_nsec;
    }

    interface C extends Library {
        C LIBRARY = Native.load("c", C.class);

        int clock_gettime(int clock, TimeSpec time);

        @Structure.FieldOrder({"tv_sec", "tv_nsec"})
        final class TimeSpec extends Structure {
            public long tv_sec;
            public long tv_nsec;
        }
    }
}
