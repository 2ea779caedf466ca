package io.kubegpt.trainer.data;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** A log line every few seconds of long work on bytes (a download, tokenizing a corpus), and one at the end. */
final class ByteProgress {

    private static final System.Logger LOG = System.getLogger(ByteProgress.class.getName());
    private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final String work;
    private final long length;
    private final long start = System.nanoTime();
    private long nextLine = start + EVERY_NANOS;

    /** @param length the bytes in all, or -1 when unknown */
    ByteProgress(String work, long length) {
        this.work = work;
        this.length = length;
    }

    void reached(long bytes) {
        long now = System.nanoTime();
        if (now >= nextLine) {
            nextLine = now + EVERY_NANOS;
            double rate = rate(bytes, now);
            String total = length >= 0 ? String.format(Locale.ROOT, "%,.1f", length / 1e6) : "?";
            String eta = length >= 0 && rate > 0 ? String.format(Locale.ROOT, ", ETA %.0f s",
                    (length - bytes) / 1e6 / rate) : "";
            LOG.log(Level.INFO, String.format(Locale.ROOT, "%s: %,.1f of %s MB, %.1f MB/s%s", work, bytes / 1e6,
                    total, rate, eta));
        }
    }

    void done(long bytes) {
        long now = System.nanoTime();
        LOG.log(Level.INFO, String.format(Locale.ROOT, "%s: %,.1f MB in %.1f s, %.1f MB/s", work, bytes / 1e6,
                (now - start) / 1e9, rate(bytes, now)));
    }

    private double rate(long bytes, long now) {
        return bytes / 1e6 / Math.max((now - start) / 1e9, 1e-9);
    }
}
