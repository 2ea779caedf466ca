package io.kubegpt.trainer.runtime;

/**
 * Collects garbage when the process's resident memory has grown by more than a limit, then hands the freed native
 * memory back to the system.
 *
 * <p>ND4J frees an array's native buffer only when the garbage collector finds the Java object unreachable.
 * A training step leaves on the order of a hundred megabytes of such buffers behind but only a few megabytes of
 * Java heap, so the collector runs rarely and the resident size grew by gigabytes between collections. ND4J's
 * deallocator threads free the buffers shortly after a collection, into glibc's heap, which keeps the pages
 * unless asked: the step after a collection returns them with {@code malloc_trim}.
 */
public final class NativeGarbage {

    private final long growthLimitBytes;
    private long residentAfterCollection = -1;
    private boolean trimPending;

    public NativeGarbage(long growthLimitBytes) {
        this.growthLimitBytes = growthLimitBytes;
    }

    public void collectIfGrown() {
        if (trimPending) {
            trimPending = false;
            Allocator.trim();
            residentAfterCollection = PeakMemory.currentResidentBytes();
            return;
        }
        long resident = PeakMemory.currentResidentBytes();
        if (resident < 0) {
            return;
        }
        if (residentAfterCollection < 0) {
            residentAfterCollection = resident;
        } else if (resident - residentAfterCollection > growthLimitBytes) {
            System.gc();
            trimPending = true;
        }
    }

    /** glibc's allocator; elsewhere (musl) trimming is skipped. */
    private static final class Allocator {

        private static final boolean TRIMS = probe();

        static void trim() {
            if (TRIMS) {
                LibC.LIBRARY.malloc_trim(0);
            }
        }

        private static boolean probe() {
            try {
                LibC.LIBRARY.malloc_trim(0);
                return true;
            } catch (UnsatisfiedLinkError e) {
                return false;
            }
        }
    }
}
