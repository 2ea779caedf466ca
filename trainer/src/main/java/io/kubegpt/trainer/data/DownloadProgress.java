package io.kubegpt.trainer.data;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** A log line every few seconds of a long download, and one at the end. */
final class DownloadProgress {

    private static final System.Logger LOG = System.getLogger(DownloadProgress.class.getName());
    private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final URI location;
    private final long length;
    private final long start = System.nanoTime();
    private long nextLine = start + EVERY_NANOS;

    DownloadProgress(URI location, long length) {
        this.location = location;
        this.length = length;
    }

    void received(long bytes) {
        long now = System.nanoTime();
        if (now >= nextLine) {
            nextLine = now + EVERY_NANOS;
            String total = length >= 0 ? String.format(Locale.ROOT, "%,.1f", length / 1e6) : "?";
            LOG.log(Level.INFO, String.format(Locale.ROOT, "downloading %s: %,.1f of %s MB, %.1f MB/s",
                    location, bytes / 1e6, total, rate(bytes, now)));
        }
    }

    void done(long bytes) {
        long now = System.nanoTime();
        LOG.log(Level.INFO, String.format(Locale.ROOT, "downloaded %s: %,.1f MB in %.1f s, %.1f MB/s",
                location, bytes / 1e6, (now - start) / 1e9, rate(bytes, now)));
    }

    private double rate(long bytes, long now) {
        return bytes / 1e6 / Math.max((now - start) / 1e9, 1e-9);
    }
}
