package io.kubegpt.trainer.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.TransientFailureException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CorpusDownloadTest {

    private static final byte[] BODY = "The corpus, at last.\n".getBytes(StandardCharsets.UTF_8);
    private static final int ATTEMPTS = 3;
    private static final RetryBackoff FAST = new RetryBackoff(ATTEMPTS, Duration.ofMillis(1), Duration.ofMillis(4),
            Duration.ofMillis(250));
    private static final Duration TIMEOUT = Duration.ofMillis(250);
    private static final long LIMIT = 1000;

    @TempDir
    Path dir;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final CountDownLatch stalled = new CountDownLatch(1);
    /** When each request arrived, in nanoseconds. */
    private final List<Long> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private Handler handler;

    /** Answers the n-th request (from 1). */
    private interface Handler {
        void answer(int n, HttpExchange exchange) throws IOException, InterruptedException;
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            requests.add(System.nanoTime());
            try (exchange) {
                handler.answer(requests.size(), exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        stalled.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void serviceUnavailableIsRetried() throws IOException {
        handler = (n, exchange) -> {
            if (n == 1) {
                status(exchange, 503);
            } else {
                body(exchange);
            }
        };
        Path target = download();
        assertThat(target).hasBinaryContent(BODY);
        assertThat(requests).hasSize(2);
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void tooManyRequestsWaitsAsLongAsRetryAfterSays() throws IOException {
        handler = (n, exchange) -> {
            if (n == 1) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                status(exchange, 429);
            } else {
                body(exchange);
            }
        };
        assertThat(download()).hasBinaryContent(BODY);
        assertThat(requests).hasSize(2);
        // one second asked for, capped at FAST's 250 ms: far more than the 1 ms backoff alone
        assertThat(Duration.ofNanos(requests.get(1) - requests.get(0))).isGreaterThanOrEqualTo(FAST.maxRetryAfter());
    }

    @Test
    void persistentServerErrorsEndInATransientFailure() {
        handler = (n, exchange) -> status(exchange, 503);
        assertThatThrownBy(this::download)
                .isInstanceOf(TransientFailureException.class)
                .hasMessageContaining(url("/corpus.txt").toString())
                .hasMessageContaining(ATTEMPTS + " attempts")
                .hasMessageContaining("HTTP 503");
        assertThat(requests).hasSize(ATTEMPTS);
        assertThat(dir.resolve("corpus.txt")).doesNotExist();
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void aBodyThatStallsTimesOutAndIsRetried() throws IOException {
        handler = (n, exchange) -> {
            if (n == 1) {
                stall(exchange);
            } else {
                body(exchange);
            }
        };
        assertThat(download()).hasBinaryContent(BODY);
        assertThat(requests).hasSize(2);
    }

    @Test
    void aServerThatKeepsStallingEndsInATransientFailure() {
        handler = (n, exchange) -> stall(exchange);
        assertThatThrownBy(this::download)
                .isInstanceOf(TransientFailureException.class)
                .hasRootCauseInstanceOf(SocketTimeoutException.class);
        assertThat(requests).hasSize(ATTEMPTS);
    }

    @Test
    void aRefusedConnectionEndsInATransientFailure() {
        URI url = url("/corpus.txt");
        server.stop(0);
        assertThatThrownBy(() -> downloader().download(url, dir.resolve("corpus.txt")))
                .isInstanceOf(TransientFailureException.class)
                .hasMessageContaining(ATTEMPTS + " attempts");
    }

    @Test
    void aBodyShorterThanItsContentLengthIsRetried() throws IOException {
        handler = (n, exchange) -> {
            if (n == 1) {
                exchange.sendResponseHeaders(200, BODY.length);
                exchange.getResponseBody().write(BODY, 0, 5);
                exchange.getResponseBody().flush();
                throw new IOException("the server drops the connection mid-body");
            }
            body(exchange);
        };
        assertThat(download()).hasBinaryContent(BODY);
        assertThat(requests).hasSize(2);
    }

    @Test
    void aContentLengthOverTheLimitFailsAtOnce() {
        handler = (n, exchange) -> {
            exchange.sendResponseHeaders(200, LIMIT + 1);
            exchange.getResponseBody().write(new byte[(int) LIMIT + 1]);
        };
        assertInvalid(this::download, "spec.data.maxDownloadBytes", "1,001 bytes", "limit of 1,000 bytes");
        assertThat(requests).hasSize(1);
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void aChunkedBodyOverTheLimitFailsAsItPassesIt() {
        handler = (n, exchange) -> {
            exchange.sendResponseHeaders(200, 0);
            for (int i = 0; i <= LIMIT / BODY.length; i++) {
                exchange.getResponseBody().write(BODY);
            }
        };
        assertInvalid(this::download, "spec.data.maxDownloadBytes", "limit of 1,000 bytes");
        assertThat(requests).hasSize(1);
        assertThat(dir.resolve("corpus.txt")).doesNotExist();
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void notFoundIsInvalidInputAndNotRetried() {
        handler = (n, exchange) -> status(exchange, 404);
        assertInvalid(this::download, "spec.data.url", url("/corpus.txt").toString(), "HTTP 404");
        assertThat(requests).hasSize(1);
    }

    @Test
    void redirectsAreFollowed() throws IOException {
        handler = (n, exchange) -> {
            if (exchange.getRequestURI().getPath().equals("/moved")) {
                exchange.getResponseHeaders().set("Location", "/corpus.txt");
                status(exchange, 302);
            } else {
                body(exchange);
            }
        };
        Path target = dir.resolve("corpus.txt");
        downloader().download(url("/moved"), target);
        assertThat(target).hasBinaryContent(BODY);
        assertThat(requests).hasSize(2);
    }

    @Test
    void redirectsToLinkLocalOrMetadataAddressesAreRefusedWithoutARequest() throws IOException {
        List<String> metadata = List.of("http://169.254.169.254/latest/meta-data/iam/",
                "http://[fe80::1]/", "http://[fd00:ec2::254]/latest/meta-data/", "http://metadata.google.internal/",
                "https://169.254.10.10/corpus.txt");
        for (String location : metadata) {
            handler = (n, exchange) -> {
                exchange.getResponseHeaders().set("Location", location);
                status(exchange, 302);
            };
            int before = requests.size();

            assertInvalid(() -> downloader().download(url("/moved"), dir.resolve("corpus.txt")), "spec.data.url",
                    "refused", "which a corpus download never reaches");
            assertThat(requests).hasSize(before + 1);
        }
        assertInvalid(() -> downloader().download(URI.create("http://169.254.169.254/"), dir.resolve("corpus.txt")),
                "spec.data.url", "refused");
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void redirectsAreFollowedAtMostFiveTimes() {
        handler = (n, exchange) -> {
            exchange.getResponseHeaders().set("Location", "/again");
            status(exchange, 302);
        };

        assertInvalid(() -> downloader().download(url("/moved"), dir.resolve("corpus.txt")), "spec.data.url",
                "after 5 redirects already");
        assertThat(requests).hasSize(6);
    }

    @Test
    void credentialsInTheUrlAppearInNoMessage() throws IOException {
        URI withCredentials = URI.create("http://alice:s3cret@127.0.0.1:" + server.getAddress().getPort() + "/c");
        List<String> logged = new CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(CorpusDownload.class.getName());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            handler = (n, exchange) -> status(exchange, 503);
            assertThatThrownBy(() -> downloader().download(withCredentials, dir.resolve("corpus.txt")))
                    .isInstanceOf(TransientFailureException.class)
                    .satisfies(e -> assertThat(e.getMessage()).contains("http://127.0.0.1:").doesNotContain("s3cret"));
            handler = (n, exchange) -> status(exchange, 404);
            assertThatThrownBy(() -> downloader().download(withCredentials, dir.resolve("corpus.txt")))
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(e.getMessage()).contains("HTTP 404").doesNotContain("s3cret"));
            handler = (n, exchange) -> {
                exchange.getResponseHeaders().set("Location", "ftp://bob:hunter2@example.com/");
                status(exchange, 302);
            };
            assertThatThrownBy(() -> downloader().download(withCredentials, dir.resolve("corpus.txt")))
                    .satisfies(e -> assertThat(e.getMessage()).contains("ftp://example.com/")
                            .doesNotContain("s3cret", "hunter2"));
        } finally {
            log.removeHandler(capture);
        }
        assertThat(logged).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain("s3cret"));
        assertThat(CorpusSource.url(withCredentials.toString(), downloader()).describe())
                .isEqualTo("url http://127.0.0.1:" + server.getAddress().getPort() + "/c");
    }

    @Test
    void aServerThatTricklesPastTheDeadlineEndsInATransientFailure() {
        handler = (n, exchange) -> {
            exchange.sendResponseHeaders(200, LIMIT);
            OutputStream out = exchange.getResponseBody();
            // a byte well within the silence timeout each time, never the whole body
            for (int i = 0; i < LIMIT && stalled.getCount() > 0; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(20);
            }
        };
        CorpusDownload download = new CorpusDownload(LIMIT, TIMEOUT, FAST, Duration.ofMillis(300));

        assertThatThrownBy(() -> download.download(url("/corpus.txt"), dir.resolve("corpus.txt")))
                .isInstanceOf(TransientFailureException.class)
                .hasMessageContaining("no end within the download's deadline of 300 ms");
        assertThat(requests).hasSize(1);
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void aBodyLargerThanTheFreeSpaceOfItsFolderFailsAtOnce() throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        handler = (n, exchange) -> exchange.sendResponseHeaders(200, free + (1L << 30));
        CorpusDownload unlimited = new CorpusDownload(Long.MAX_VALUE, TIMEOUT, FAST, CorpusDownload.DEFAULT_DEADLINE);

        assertInvalid(() -> unlimited.download(url("/corpus.txt"), dir.resolve("corpus.txt")),
                "spec.data.maxDownloadBytes", "bytes free in " + dir.toAbsolutePath(), "larger checkpoint claim");
        assertThat(requests).hasSize(1);
    }

    @Test
    void temporaryFilesOfAnInterruptedDownloadAreRemoved() throws IOException {
        Path leftover = Files.writeString(dir.resolve(CorpusDownload.TEMP_PREFIX + "123" + CorpusDownload.TEMP_SUFFIX),
                "half a corpus");
        Path other = Files.writeString(dir.resolve("meta.json"), "{}");
        handler = (n, exchange) -> body(exchange);
        download();
        assertThat(leftover).doesNotExist();
        assertThat(other).exists();
        assertThat(temporaryFiles()).isEmpty();
    }

    private Path download() throws IOException {
        Path target = dir.resolve("corpus.txt");
        downloader().download(url("/corpus.txt"), target);
        return target;
    }

    private static CorpusDownload downloader() {
        return new CorpusDownload(LIMIT, TIMEOUT, FAST, CorpusDownload.DEFAULT_DEADLINE);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private List<Path> temporaryFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(CorpusDownload.TEMP_SUFFIX)).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void status(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    private static void body(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, BODY.length);
        exchange.getResponseBody().write(BODY);
    }

    /** Headers and the start of the body, then nothing until the test ends. */
    private void stall(HttpExchange exchange) throws IOException, InterruptedException {
        exchange.sendResponseHeaders(200, BODY.length);
        OutputStream out = exchange.getResponseBody();
        out.write(BODY, 0, 5);
        out.flush();
        stalled.await();
    }

    private static void assertInvalid(ThrowingCallable call, String field, String... messageParts) {
        assertThatThrownBy(call)
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    assertThat(((InvalidInputException) e).field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(messageParts);
                });
    }
}
