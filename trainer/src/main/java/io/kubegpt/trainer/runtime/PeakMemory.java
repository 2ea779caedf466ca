package io.kubegpt.trainer.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident set size, heap and native memory together (Linux: /proc/self/status). */
public final class PeakMemory {

    private PeakMemory() {
    }

    /** Peak resident bytes (VmHWM), or -1 where /proc/self/status is not available. */
    public static long residentBytes() {
        return statusBytes("VmHWM:");
    }

    /** Current resident bytes (VmRSS), or -1. */
    static long currentResidentBytes() {
        return statusBytes("VmRSS:");
    }

    private static long statusBytes(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
