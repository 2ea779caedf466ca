package io.kubegpt.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusStreamTest {

    @TempDir
    Path dir;

    @Test
    void chunksOfSeveralDocumentsJoinToTheTextWithOneChunkStartingAtTheBoundary() throws IOException {
        // one document of several chunks, lines of multi-byte characters, then a short one
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < 3 * CorpusStream.CHUNK_BYTES; i++) {
            big.append("line ").append(i).append(" é😀 ").append("x".repeat(i % 97)).append('\n');
        }
        Path first = Files.writeString(dir.resolve("a.txt"), big);
        Path second = Files.writeString(dir.resolve("b.txt"), "the end");
        CorpusStream corpus = new CorpusStream(List.of(CorpusDocument.of(first), CorpusDocument.of(second)),
                "spec.data.path");
        String whole = big + "\n\nthe end";
        assertThat(corpus.size()).isEqualTo(whole.getBytes(StandardCharsets.UTF_8).length);

        long boundary = CorpusSplit.validationStart(corpus, 0.37);
        List<CorpusStream.Chunk> chunks = new ArrayList<>();
        corpus.chunks(boundary, chunks::add);

        StringBuilder joined = new StringBuilder();
        long at = 0;
        for (CorpusStream.Chunk chunk : chunks) {
            assertThat(chunk.start()).isEqualTo(at);
            assertThat(chunk.text().getBytes(StandardCharsets.UTF_8)).isEqualTo(chunk.bytes());
            assertThat(chunk.bytes().length).isLessThanOrEqualTo(2 * CorpusStream.CHUNK_BYTES + 2);
            joined.append(chunk.text());
            at = chunk.end();
        }
        assertThat(joined.toString()).isEqualTo(whole);
        assertThat(chunks).extracting(CorpusStream.Chunk::start).contains(boundary);
        assertThat(chunks.size()).isGreaterThan(3);
        // every chunk but a document's last ends a line
        assertThat(chunks.subList(0, chunks.size() - 2)).allMatch(c -> c.text().endsWith("\n"));
    }

    @Test
    void aRangeReadAcrossDocumentsIncludesTheSeparator() throws IOException {
        CorpusStream corpus = new CorpusStream(List.of(CorpusDocument.inMemory("a", bytes("abc")),
                CorpusDocument.inMemory("b", bytes("def"))), "spec.data");
        assertThat(new String(corpus.read(1, 5), StandardCharsets.UTF_8)).isEqualTo("bc\n\nd");
        assertThat(new String(corpus.read(6, 100), StandardCharsets.UTF_8)).isEqualTo("ef");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
