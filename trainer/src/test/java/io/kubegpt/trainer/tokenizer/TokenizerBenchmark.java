package io.kubegpt.trainer.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Encodes {@code -Dkubegpt.tokenizer.mb} (default 32) MB of {@link EnglishLikeText} with GPT-2's vocabulary, in
 * {@link BpeTokenizer} and in the Hugging Face {@code tokenizers} library (Rust), checks that both give the same
 * ids, and prints each one's MB/s (UTF-8 bytes, 10^6 per MB): the median of {@code -Dkubegpt.tokenizer.rounds}
 * (default 5) rounds that alternate the contenders. Documents are encoded one call each, on one thread or pulled
 * by two (DJL's batchEncode is no faster than two threads calling encode); Hugging Face runs as its Rust encode with
 * only the ids copied out, and as DJL's {@code HuggingFaceTokenizer.encode}, which also copies tokens, offsets and
 * masks into Java objects. Excluded from the default build; run by {@code trainer/scripts/tokenizer-benchmark.sh},
 * which fetches the vocabulary.
 */
@Tag("benchmark")
class TokenizerBenchmark {

    static final long BYTES = Long.getLong("kubegpt.tokenizer.mb", 32) * 1_000_000;
    static final int ROUNDS = Integer.getInteger("kubegpt.tokenizer.rounds", 5);
    static final long SEED = 1;

    @Test
    void gpt2OnEnglishLikeText(@TempDir Path dir) throws Exception {
        assertThat(Gpt2Files.present()).as("GPT-2's vocabulary in %s; run trainer/scripts/fetch-gpt2-vocabulary.sh",
                Gpt2Files.DIR).isTrue();
        List<String> documents = EnglishLikeText.documents(SEED, BYTES);
        long bytes = documents.stream().mapToLong(d -> d.getBytes(StandardCharsets.UTF_8).length).sum();
        System.out.printf(Locale.ROOT, "%,d documents, %.1f MB of UTF-8, %s, %d cores%n", documents.size(),
                bytes / 1e6, System.getProperty("java.vm.name") + " " + Runtime.version(),
                Runtime.getRuntime().availableProcessors());

        BpeTokenizer ours = Gpt2Files.load();
        try (HuggingFaceTokenizer hf = HuggingFaceGpt2.load(Gpt2Files.DIR, dir)) {
            System.out.println("Hugging Face tokenizers " + hf.getVersion() + " (Rust version - DJL version)");
            long handle = hf.getHandle();
            ToIntFunction<String> rust = document -> {
                long encoding = TokenizersLibrary.LIB.encode(handle, document, false);
                int ids = TokenizersLibrary.LIB.getTokenIds(encoding).length;
                TokenizersLibrary.LIB.deleteEncoding(encoding);
                return ids;
            };
            ToIntFunction<String> djl = document -> hf.encode(document, false, false).getIds().length;
            long tokens = assertSameIds(ours, hf, documents);
            System.out.printf(Locale.ROOT, "ids identical: %,d tokens (%.2f bytes per token)%n", tokens,
                    (double) bytes / tokens);

            Map<String, ToIntFunction<String>> encoders = new LinkedHashMap<>();
            encoders.put("BpeTokenizer.encode", document -> ours.encode(document).length);
            encoders.put("HF tokenizers, ids only", rust);
            encoders.put("HF tokenizers via DJL's Encoding", djl);
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            Map<String, List<Double>> cores = new LinkedHashMap<>();
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            for (int round = 0; round < ROUNDS; round++) {
                for (int threads = 1; threads <= 2; threads++) {
                    for (Map.Entry<String, ToIntFunction<String>> e : encoders.entrySet()) {
                        String name = e.getKey() + ", " + threads + (threads == 1 ? " thread" : " threads");
                        long started = System.nanoTime();
                        long cpuStarted = os.getProcessCpuTime();
                        long counted = encodeAll(documents, e.getValue(), threads);
                        long nanos = System.nanoTime() - started;
                        assertThat(counted).isEqualTo(tokens);
                        rates.computeIfAbsent(name, k -> new ArrayList<>()).add(bytes * 1e3 / nanos);
                        cores.computeIfAbsent(name, k -> new ArrayList<>())
                                .add((double) (os.getProcessCpuTime() - cpuStarted) / nanos);
                    }
                }
            }
            // cores busy tells whether a second thread found a free core on a shared machine
            rates.forEach((name, values) -> {
                double[] sorted = sorted(values);
                System.out.printf(Locale.ROOT, "%-45s %6.2f MB/s median (%.2f..%.2f over %d rounds), %.2f cores busy%n",
                        name, sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], sorted.length,
                        sorted(cores.get(name))[sorted.length / 2]);
            });
        }
    }

    /**
     * Fails naming the first differing token, with the pieces around it; also checks that the documents encoded
     * one by one give the ids of the whole text. Returns the number of ids.
     */
    private static long assertSameIds(BpeTokenizer ours, HuggingFaceTokenizer hf, List<String> documents) {
        List<int[]> perDocument = new ArrayList<>(documents.size());
        long tokens = 0;
        for (int d = 0; d < documents.size(); d++) {
            int[] expected = Arrays.stream(hf.encode(documents.get(d), false, false).getIds())
                    .mapToInt(Math::toIntExact).toArray();
            int[] actual = ours.encode(documents.get(d));
            int at = Arrays.mismatch(expected, actual);
            if (at >= 0) {
                fail("document %d differs at token %d: Hugging Face %s, BpeTokenizer %s, in %s", d, at,
                        around(ours, expected, at), around(ours, actual, at),
                        ours.decode(Arrays.copyOfRange(expected, Math.max(0, at - 8),
                                Math.min(expected.length, at + 8))));
            }
            perDocument.add(actual);
            tokens += actual.length;
        }
        int[] whole = ours.encode(String.join("", documents));
        int offset = 0;
        for (int[] ids : perDocument) {
            assertThat(Arrays.equals(whole, offset, offset + ids.length, ids, 0, ids.length))
                    .as("the whole text's ids at token %d", offset).isTrue();
            offset += ids.length;
        }
        assertThat(whole).hasSize(offset);
        return tokens;
    }

    private static double[] sorted(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static List<String> around(BpeTokenizer tokenizer, int[] ids, int at) {
        List<String> pieces = new ArrayList<>();
        for (int i = Math.max(0, at - 3); i < Math.min(ids.length, at + 4); i++) {
            pieces.add(ids[i] + "=" + tokenizer.spelling(ids[i]));
        }
        return pieces;
    }

    /** Encodes every document once, each thread taking the next one not yet taken; returns the ids counted. */
    private static long encodeAll(List<String> documents, ToIntFunction<String> encoder, int threads)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                parts.add(pool.submit(() -> {
                    long ids = 0;
                    for (int d; (d = next.getAndIncrement()) < documents.size(); ) {
                        ids += encoder.applyAsInt(documents.get(d));
                    }
                    return ids;
                }));
            }
            long ids = 0;
            for (Future<Long> part : parts) {
                ids += part.get();
            }
            return ids;
        } finally {
            pool.shutdown();
        }
    }
}
