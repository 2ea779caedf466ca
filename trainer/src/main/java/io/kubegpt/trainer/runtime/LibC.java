package io.kubegpt.trainer.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/** The C library's functions the runtime calls; JNA looks each up on its first call. */
interface LibC extends Library {

    LibC LIBRARY = Native.load("c", LibC.class);

    int setenv(String name, String value, int overwrite);

    /** glibc's; musl has none. */
    int malloc_trim(long pad);

    /** {@code pid} 0: the calling thread. */
    int sched_setaffinity(int pid, long cpuSetSize, long[] mask);

    int clock_gettime(int clock, TimeSpec time);

    @Structure.FieldOrder({"tv_sec", "tv_nsec"})
    final class TimeSpec extends Structure {
        public long tv_sec;
        public long tv_nsec;
    }
}
