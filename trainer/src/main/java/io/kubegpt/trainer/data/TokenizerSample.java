package io.kubegpt.trainer.data;

import io.kubegpt.trainer.tokenizer.WordCounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The word counts the tokenizer is trained from: of the whole training part when it is at most {@code sampleBytes},
 * else of {@code sampleBytes} taken as evenly spaced pieces of whole lines across it, so a corpus of any size trains
 * its tokenizer in bounded time and memory. Counted on {@code threads} threads.
 */
final class TokenizerSample {

    private static final System.Logger LOG = System.getLogger(TokenizerSample.class.getName());

    private TokenizerSample() {
    }

    static WordCounts count(CorpusStream corpus, long trainingBytes, long sampleBytes, int threads)
            throws IOException {
        long start = System.nanoTime();
        List<WordCounts> perThread = new CopyOnWriteArrayList<>();
        ThreadLocal<WordCounts> local = ThreadLocal.withInitial(() -> {
            WordCounts counts = new WordCounts();
            perThread.add(counts);
            return counts;
        });
        // threads of their own: their counts are dropped with them, before the tokenizer trains
        try (Workers<Void> workers = new Workers<>(threads, nothing -> { })) {
            if (trainingBytes <= sampleBytes) {
                corpus.chunks(trainingBytes, chunk -> {
                    if (chunk.start() < trainingBytes) {
                        workers.submit(() -> countInto(local, chunk.text()));
                    }
                });
            } else {
                int pieces = (int) Math.max(1, sampleBytes / CorpusStream.CHUNK_BYTES);
                for (int i = 0; i < pieces; i++) {
                    long offset = trainingBytes / pieces * i;
                    int length = (int) Math.min(CorpusStream.CHUNK_BYTES, trainingBytes - offset);
                    byte[] bytes = corpus.read(offset, length);
                    workers.submit(() -> countInto(local, wholeLines(bytes)));
                }
            }
            workers.drain();
        }
        WordCounts all = perThread.isEmpty() ? new WordCounts() : perThread.get(0);
        perThread.stream().skip(1).forEach(all::addAll);
        LOG.log(System.Logger.Level.INFO, String.format(java.util.Locale.ROOT,
                "tokenizer sample: %,d words, %,d distinct, from %,.1f MB in %.1f s", all.total(), all.distinct(),
                Math.min(trainingBytes, sampleBytes) / 1e6, (System.nanoTime() - start) / 1e9));
        return all;
    }

    private static Void countInto(ThreadLocal<WordCounts> local, String text) {
        local.get().add(text);
        return null;
    }

    /**
     * The lines that start and end inside {@code bytes} (it was cut from anywhere), or where it holds no whole line,
     * the words between its first and last space; malformed UTF-8 as U+FFFD.
     */
    private static String wholeLines(byte[] bytes) {
        String lines = between(bytes, (byte) '\n');
        return lines.isEmpty() ? between(bytes, (byte) ' ') : lines;
    }

    private static String between(byte[] bytes, byte separator) {
        int from = 0;
        while (from < bytes.length && bytes[from] != separator) {
            from++;
        }
        int to = bytes.length;
        while (to > from && bytes[to - 1] != separator) {
            to--;
        }
        return new String(Arrays.copyOfRange(bytes, Math.min(from + 1, to), to), StandardCharsets.UTF_8);
    }
}
