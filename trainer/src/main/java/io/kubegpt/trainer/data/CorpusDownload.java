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
 * {@link TransientFailureException} when they persist.
 */
public final class CorpusDownload {

    private static final String URL_FIELD = "spec.data.url";
    private static final String LIMIT_FIELD = "spec.data.maxDownloadBytes";
    static final String TEMP_PREFIX = ".download-";
    static final String TEMP_SUFFIX = ".tmp";

    private static final System.Logger LOG = System.getLogger(CorpusDownload.class.getName());
    private static final int MAX_REDIRECTS = 5;

    private final long maxBytes;
    private final int timeoutMillis;
    private final RetryBackoff backoff;

    /**
     * @param maxBytes the largest body accepted ({@code spec.data.maxDownloadBytes})
     * @param timeout  how long the server may keep silent ({@code spec.data.downloadTimeoutSeconds})
     */
    public CorpusDownload(long maxBytes, Duration timeout) {
        this(maxBytes, timeout, RetryBackoff.DEFAULT);
    }

    CorpusDownload(long maxBytes, Duration timeout, RetryBackoff backoff) {
        this.maxBytes = maxBytes;
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
        this.backoff = backoff;
    }

    /** Downloads {@code uri}, an http or https URL, to {@code target}, replacing it. */
    public void download(URI uri, Path target) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        removeLeftovers(folder);
        Path temp = Files.createTempFile(folder, TEMP_PREFIX, TEMP_SUFFIX);
        try {
            fetchRetrying(uri, temp);
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

    private void fetchRetrying(URI uri, Path temp) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                fetch(uri, temp);
                return;
            } catch (RetryableFailure failure) {
                if (attempt >= backoff.attempts()) {
                    throw new TransientFailureException("GET " + uri + ": " + attempt + " attempts failed, the last "
                            + "with " + failure.getMessage(), failure);
                }
                Duration delay = backoff.delay(attempt, failure.retryAfter);
                LOG.log(Level.WARNING, String.format(Locale.ROOT, "GET %s: attempt %d of %d failed with %s; "
                        + "retrying in %.1f s", uri, attempt, backoff.attempts(), failure.getMessage(),
                        delay.toNanos() / 1e9));
                pause(delay);
            }
        }
    }

    /** One attempt: the request, following redirects, and the body into {@code temp}. */
    private void fetch(URI uri, Path temp) throws IOException, RetryableFailure {
        URI location = uri;
        for (int redirects = 0; ; redirects++) {
            URI requested = location;
            HttpURLConnection connection = open(requested);
            try {
                int status = network(connection::getResponseCode);
                String answer = "GET " + requested + " answered HTTP " + status;
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
                    throw new RetryableFailure("HTTP " + status + " from " + requested,
                            retryAfter(connection.getHeaderField("Retry-After")));
                }
                if (status != 200) {
                    throw new InvalidInputException(URL_FIELD, answer);
                }
                save(connection, requested, temp);
                return;
            } finally {
                connection.disconnect();
            }
        }
    }

    private HttpURLConnection open(URI location) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) location.toURL().openConnection();
        connection.setConnectTimeout(timeoutMillis);
        connection.setReadTimeout(timeoutMillis);
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
            throw new InvalidInputException(URL_FIELD, answer + " with an invalid Location '" + header + "'", e);
        }
        boolean allowed = "https".equalsIgnoreCase(to.getScheme())
                || "http".equalsIgnoreCase(to.getScheme()) && "http".equalsIgnoreCase(from.getScheme());
        if (!allowed) {
            throw new InvalidInputException(URL_FIELD, answer + ", a redirect to " + to + " that is not followed");
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

    private void save(HttpURLConnection connection, URI location, Path temp) throws IOException, RetryableFailure {
        long length = connection.getContentLengthLong();
        if (length > maxBytes) {
            throw tooLarge(String.format(Locale.ROOT, "GET %s is %,d bytes, more", location, length));
        }
        ByteProgress progress = new ByteProgress("downloading " + location, length);
        long received = 0;
        try (InputStream in = network(connection::getInputStream);
             OutputStream out = Files.newOutputStream(temp)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = network(() -> in.read(buffer))) >= 0; ) {
                received += n;
                if (received > maxBytes) {
                    throw tooLarge("GET " + location + " sent more");
                }
                out.write(buffer, 0, n);
                progress.reached(received);
            }
        }
        if (length >= 0 && received < length) {
            throw new RetryableFailure(String.format(Locale.ROOT, "GET %s ended after %,d of %,d bytes", location,
                    received, length), null);
        }
        progress.done(received);
    }

    private InvalidInputException tooLarge(String what) {
        return new InvalidInputException(LIMIT_FIELD, String.format(Locale.ROOT,
                "%s than the limit of %,d bytes; raise the limit to download it", what, maxBytes));
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

    private static <T> T network(NetworkCall<T> call) throws RetryableFailure {
        try {
            return call.call();
        } catch (SocketTimeoutException e) {
            throw new RetryableFailure(e + " (spec.data.downloadTimeoutSeconds)", null, e);
        } catch (IOException e) {
            throw new RetryableFailure(e.toString(), null, e);
        }
    }

    private static final class RetryableFailure extends Exception {
        /** The wait the server asked for, or null. */
        final Duration retryAfter;

        RetryableFailure(String message, Duration retryAfter) {
            this(message, retryAfter, null);
        }

        RetryableFailure(String message, Duration retryAfter, Throwable cause) {
            super(message, cause);
            this.retryAfter = retryAfter;
        }
    }
}
