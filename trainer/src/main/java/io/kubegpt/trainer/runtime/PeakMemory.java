package io.kubegpt.trainer.runtime;

/** The process's resident set size, heap and native memory together (Linux: /proc/self/status). */
public final class PeakMemory {

    private PeakMemory() {
    }

    /** Peak resident bytes (VmHWM), or -1 where /proc/self/status is not available. */
    public static long residentBytes() {
        return statusBytes("VmHWM");
    }

    /** Current resident bytes (VmRSS), or -1. */
    static long currentResidentBytes() {
        return statusBytes("VmRSS");
    }

    private static long statusBytes(String field) {
        try {
            return ProcessStatus.field(field).map(value -> Long.parseLong(value.replaceAll("[^0-9]", "")) * 1024)
                    .orElse(-1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
