package io.kubegpt.trainer.data;

import com.sun.net.httpserver.HttpServer;
import io.kubegpt.trainer.InvalidInputException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CorpusSourceTest {

    private static final String REMOTE_TEXT = "Fetched over HTTP. Ünïcödé and 😀.\n\nSecond paragraph.\n";

    @TempDir
    Path dir;
    private HttpServer server;
    private final AtomicInteger corpusRequests = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/corpus.txt", exchange -> {
            corpusRequests.incrementAndGet();
            byte[] body = REMOTE_TEXT.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void urlIsDownloadedOnceIntoTheWorkFolder() throws IOException {
        CorpusSource source = url(base() + "/corpus.txt");
        assertThat(text(source)).isEqualTo(REMOTE_TEXT);
        assertThat(text(source)).isEqualTo(REMOTE_TEXT);
        assertThat(corpusRequests).hasValue(1);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .singleElement().satisfies(name -> assertThat(name).startsWith("download-").endsWith(".txt"));
        }
    }

    @Test
    void missingUrlNamesTheFieldAndTheStatus() throws IOException {
        assertInvalid(() -> text(url(base() + "/nothing-here.txt")), "spec.data.url", "404");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no partial download is left").isEmpty();
        }
    }

    @Test
    void malformedUrlNamesTheField() {
        assertInvalid(() -> text(url("ftp://example.org/x.txt")), "spec.data.url", "http");
        assertInvalid(() -> text(url("http://bad host/")), "spec.data.url", "not a valid URL");
    }

    @Test
    void missingPathNamesTheField() {
        assertInvalid(() -> text(CorpusSource.path(dir.resolve("absent.txt"))), "spec.data.path", "absent.txt");
    }

    @Test
    void nonUtf8FileNamesTheField() throws IOException {
        Path file = dir.resolve("latin1.txt");
        Files.write(file, new byte[] {'c', 'a', 'f', (byte) 0xE9});
        assertInvalid(() -> text(CorpusSource.path(file)), "spec.data.path", "UTF-8");
    }

    @Test
    void folderIsReadRecursivelyInPathOrderSkippingHiddenFiles() throws IOException {
        Path corpus = dir.resolve("corpus");
        Files.createDirectories(corpus.resolve("a"));
        Files.createDirectories(corpus.resolve(".git"));
        Files.writeString(corpus.resolve("b.txt"), "second");
        Files.writeString(corpus.resolve("a/z.txt"), "first");
        Files.writeString(corpus.resolve(".git/config"), "hidden");
        Files.writeString(corpus.resolve(".notes"), "hidden");
        assertThat(text(CorpusSource.path(corpus))).isEqualTo("first\n\nsecond");
        Files.createDirectories(dir.resolve("empty"));
        assertInvalid(() -> text(CorpusSource.path(dir.resolve("empty"))), "spec.data.path", "no files");
    }

    @Test
    void sampleSourceIsTheGeneratedCorpus() throws IOException {
        assertThat(text(CorpusSource.sample())).isEqualTo(SampleCorpus.text());
    }

    /** The corpus as one string, as the stream hands it out. */
    private String text(CorpusSource source) throws IOException {
        StringBuilder text = new StringBuilder();
        source.open(dir).chunks(-1, chunk -> text.append(chunk.text()));
        return text.toString();
    }

    private static CorpusSource url(String url) {
        return CorpusSource.url(url, new CorpusDownload(1 << 20, Duration.ofSeconds(10)));
    }

    private static void assertInvalid(ThrowingCallable call, String field, String messagePart) {
        assertThatThrownBy(call)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(messagePart)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
    }
}
