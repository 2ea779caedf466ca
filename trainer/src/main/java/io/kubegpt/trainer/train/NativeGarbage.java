package io.kubegpt.trainer.train;

/**
 * Collects garbage when the process's resident memory has grown by more than a limit since the last collection.
 *
 * <p>ND4J frees an array's native buffer only when the garbage collector finds the Java object unreachable.
 * A training step leaves on the order of a hundred megabytes of such buffers behind but only a few megabytes of
 * Java heap, so the collector runs rarely and the resident size grew by gigabytes between collections.
 */
final class NativeGarbage {

    private final long growthLimitBytes;
    private long residentAfterCollection = -1;

    NativeGarbage(long growthLimitBytes) {
        this.growthLimitBytes = growthLimitBytes;
    }

    void collectIfGrown() {
        long resident = PeakMemory.currentResidentBytes();
        if (resident < 0) {
            return;
        }
        if (residentAfterCollection < 0) {
            residentAfterCollection = resident;
        } else if (resident - residentAfterCollection > growthLimitBytes) {
            System.gc();
            residentAfterCollection = PeakMemory.currentResidentBytes();
        }
    }
}
