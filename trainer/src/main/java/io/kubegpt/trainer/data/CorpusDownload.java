package io.kubegpt.trainer.data;

import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.TransientFailureException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Downloads {@code spec.data.url} into a file. The body streams into a temporary file next to the target, renamed
 * into place once complete, so the target is either the whole body or absent; temporary files that a killed run
 * left behind are removed first.
 *
 * <p>What the server answers about the request is final: HTTP 4xx (other than 408 and 429) and a body larger than
 * {@code spec.data.maxDownloadBytes} are invalid input. Not getting an answer is transient: 5xx, 408, 429, a refused
 * or dropped connection, and a server that sends nothing for {@code spec.data.downloadTimeoutSeconds} (while
 * connecting, before the headers or in the middle of the body) are retried with {@link RetryBackoff}, and end in a
 * {@link TransientFailureException} when they persist, as does a download not done within its overall deadline.
 *
 * <p>Neither the URL nor any redirect may lead to a link-local or metadata address ({@link DownloadAddresses});
 * redirects are followed here, at most {@value #MAX_REDIRECTS}, each checked. The body must fit both
 * {@code spec.data.maxDownloadBytes} and the space free in the target's folder (the claim). Messages never show
 * a URL's {@code user:pass@}.
 */
public final class CorpusDownload {

    private static final String URL_FIELD = "spec.data.url";
    private static final String LIMIT_FIELD = "spec.data.maxDownloadBytes";
    static final String TEMP_PREFIX = ".download-";
    static final String TEMP_SUFFIX = ".tmp";

    private static final System.Logger LOG = System.getLogger(CorpusDownload.class.getName());
    private static final int MAX_REDIRECTS = 5;
    /** How long a download may take in all, retries included, unless told otherwise. */
    static final Duration DEFAULT_DEADLINE = Duration.ofHours(6);

    private final long maxBytes;
    private final int timeoutMillis;
    private final RetryBackoff backoff;
    private final Duration deadline;

    /**
     * @param maxBytes the largest body accepted ({@code spec.data.maxDownloadBytes})
     * @param timeout  how long the server may keep silent ({@code spec.data.downloadTimeoutSeconds})
     */
    public CorpusDownload(long maxBytes, Duration timeout) {
        this(maxBytes, timeout, RetryBackoff.DEFAULT, DEFAULT_DEADLINE);
    }

    /** @param deadline how long the whole download may take, retries included */
    CorpusDownload(long maxBytes, Duration timeout, RetryBackoff backoff, Duration deadline) {
        this.maxBytes = maxBytes;
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
        this.backoff = backoff;
        this.deadline = deadline;
    }

    /** One download's end: when it must be done, and the bytes its folder can take. */
    private record Bounds(long endNanos, long freeBytes) {
    }

    /** Downloads {@code uri}, an http or https URL, to {@code target}, replacing it. */
    public void download(URI uri, Path target) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        removeLeftovers(folder);
        Path temp = Files.createTempFile(folder, TEMP_PREFIX, TEMP_SUFFIX);
        Bounds bounds = new Bounds(System.nanoTime() + deadline.toNanos(), Files.getFileStore(folder).getUsableSpace());
        try {
            fetchRetrying(uri, temp, bounds);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void removeLeftovers(Path folder) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path leftover : leftovers) {
                LOG.log(Level.INFO, "removing " + leftover + ", left by an interrupted download");
                Files.deleteIfExists(leftover);
            }
        }
    }

    private void fetchRetrying(URI uri, Path temp, Bounds bounds) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                fetch(uri, temp, bounds);
                return;
            } catch (RetryableFailure failure) {
                if (attempt >= backoff.attempts() || failure.pastDeadline) {
                    throw new TransientFailureException("GET " + shown(uri) + ": " + attempt + " attempts failed, "
                            + "the last with " + failure.getMessage(), failure);
                }
                Duration delay = backoff.delay(attempt, failure.retryAfter);
                LOG.log(Level.WARNING, String.format(Locale.ROOT, "GET %s: attempt %d of %d failed with %s; "
                        + "retrying in %.1f s", shown(uri), attempt, backoff.attempts(), failure.getMessage(),
                        delay.toNanos() / 1e9));
                pause(delay);
            }
        }
    }

    /** One attempt: the request, following redirects, and the body into {@code temp}. */
    private void fetch(URI uri, Path temp, Bounds bounds) throws IOException, RetryableFailure {
        URI location = uri;
        for (int redirects = 0; ; redirects++) {
            URI requested = location;
            DownloadAddresses.requireAllowed(requested, URL_FIELD);
            HttpURLConnection connection = open(requested, bounds);
            try {
                int status = network(connection::getResponseCode, bounds);
                String answer = "GET " + shown(requested) + " answered HTTP " + status;
                String redirect = status >= 300 && status < 400 ? connection.getHeaderField("Location") : null;
                if (redirect != null) {
                    if (redirects == MAX_REDIRECTS) {
                        throw new InvalidInputException(URL_FIELD, answer + " after " + MAX_REDIRECTS
                                + " redirects already");
                    }
                    location = redirectTarget(requested, redirect, answer);
                    continue;
                }
                if (status == 408 || status == 429 || status >= 500) {
                    throw new RetryableFailure("HTTP " + status + " from " + shown(requested),
                            retryAfter(connection.getHeaderField("Retry-After")));
                }
                if (status != 200) {
                    throw new InvalidInputException(URL_FIELD, answer);
                }
                save(connection, requested, temp, bounds);
                return;
            } finally {
                connection.disconnect();
            }
        }
    }

    private HttpURLConnection open(URI location, Bounds bounds) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) location.toURL().openConnection();
        // silence may last the timeout, but never past the deadline (0 would mean no timeout at all)
        int millis = (int) Math.max(1, Math.min(timeoutMillis, remainingMillis(bounds)));
        connection.setConnectTimeout(millis);
        connection.setReadTimeout(millis);
        // followed here, so that http may lead to https (HttpURLConnection follows only within a scheme)
        connection.setInstanceFollowRedirects(false);
        return connection;
    }

    /** Where a redirect leads: https, or http from http; never from https down to http. */
    private static URI redirectTarget(URI from, String header, String answer) {
        URI to;
        try {
            to = from.resolve(header.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(URL_FIELD, answer + " with an invalid Location '"
                    + DownloadAddresses.withoutCredentials(header) + "'", e);
        }
        boolean allowed = "https".equalsIgnoreCase(to.getScheme())
                || "http".equalsIgnoreCase(to.getScheme()) && "http".equalsIgnoreCase(from.getScheme());
        if (!allowed) {
            throw new InvalidInputException(URL_FIELD, answer + ", a redirect to " + shown(to) + " that is not followed");
        }
        return to;
    }

    /** A Retry-After of whole seconds, or null (absent, or the HTTP-date form). */
    private static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.strip());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException dateOrJunk) {
            return null;
        }
    }

    private void save(HttpURLConnection connection, URI location, Path temp, Bounds bounds)
            throws IOException, RetryableFailure {
        long length = connection.getContentLengthLong();
        String shown = shown(location);
        if (length > limit(bounds)) {
            throw tooLarge(String.format(Locale.ROOT, "GET %s is %,d bytes, more", shown, length), temp, bounds);
        }
        ByteProgress progress = new ByteProgress("downloading " + shown, length);
        long received = 0;
        try (InputStream in = network(connection::getInputStream, bounds);
             OutputStream out = Files.newOutputStream(temp)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = network(() -> in.read(buffer), bounds)) >= 0; ) {
                received += n;
                if (received > limit(bounds)) {
                    throw tooLarge("GET " + shown + " sent more", temp, bounds);
                }
                out.write(buffer, 0, n);
                progress.reached(received);
            }
        }
        if (length >= 0 && received < length) {
            throw new RetryableFailure(String.format(Locale.ROOT, "GET %s ended after %,d of %,d bytes", shown,
                    received, length), (Duration) null);
        }
        progress.done(received);
    }

    /** The most bytes the body may have: the limit, or the space free in its folder if that is less. */
    private long limit(Bounds bounds) {
        return Math.min(maxBytes, bounds.freeBytes());
    }

    private InvalidInputException tooLarge(String what, Path temp, Bounds bounds) {
        if (bounds.freeBytes() < maxBytes) {
            return new InvalidInputException(LIMIT_FIELD, String.format(Locale.ROOT, "%s than the %,d bytes free "
                    + "in %s (its volume); give the job a larger checkpoint claim", what, bounds.freeBytes(),
                    temp.getParent()));
        }
        return new InvalidInputException(LIMIT_FIELD, String.format(Locale.ROOT,
                "%s than the limit of %,d bytes; raise the limit to download it", what, maxBytes));
    }

    private static long remainingMillis(Bounds bounds) {
        return TimeUnit.NANOSECONDS.toMillis(bounds.endNanos() - System.nanoTime());
    }

    private static String shown(URI uri) {
        return DownloadAddresses.shown(uri);
    }

    private static void pause(Duration delay) throws InterruptedIOException {
        try {
            TimeUnit.NANOSECONDS.sleep(delay.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("download interrupted while waiting to retry");
        }
    }

    /** Network I/O: its failure may pass on a later attempt, unlike one writing the local file. */
    private interface NetworkCall<T> {
        T call() throws IOException;
    }

    /** Runs {@code call}; past the deadline, or failing, it ends the attempt (a message without credentials). */
    private <T> T network(NetworkCall<T> call, Bounds bounds) throws RetryableFailure {
        if (remainingMillis(bounds) <= 0) {
            throw RetryableFailure.pastDeadline(deadline);
        }
        try {
            return call.call();
        } catch (SocketTimeoutException e) {
            if (remainingMillis(bounds) <= 0) {
                throw RetryableFailure.pastDeadline(deadline);
            }
            throw new RetryableFailure(DownloadAddresses.withoutCredentials(e.toString())
                    + " (spec.data.downloadTimeoutSeconds)", e);
        } catch (IOException e) {
            throw new RetryableFailure(DownloadAddresses.withoutCredentials(e.toString()), e);
        }
    }

    private static final class RetryableFailure extends Exception {
        /** The wait the server asked for, or null. */
        final Duration retryAfter;
        /** Set when the download's deadline passed: no attempt follows. */
        final boolean pastDeadline;

        RetryableFailure(String message, Duration retryAfter) {
            this(message, retryAfter, false, null);
        }

        RetryableFailure(String message, Throwable cause) {
            this(message, null, false, cause);
        }

        private RetryableFailure(String message, Duration retryAfter, boolean pastDeadline, Throwable cause) {
            super(message, cause);
            this.retryAfter = retryAfter;
            this.pastDeadline = pastDeadline;
        }

        static RetryableFailure pastDeadline(Duration deadline) {
            return new RetryableFailure("no end within the download's deadline of " + deadline.toMillis() + " ms",
                    null, true, null);
        }
    }
}
