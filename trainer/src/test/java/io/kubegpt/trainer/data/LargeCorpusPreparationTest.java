package io.kubegpt.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import io.kubegpt.trainer.tokenizer.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corpus three times the preparing JVM's heap: the trainer's own `prepare` command under -Xmx512m. */
class LargeCorpusPreparationTest {

    private static final long CORPUS_BYTES = 1536L << 20;
    private static final Pattern LINE_START = Pattern.compile("\nL(\\d+):");

    @TempDir
    Path dir;

    @Test
    void aCorpusLargerThanTheHeapIsPreparedAndItsTokensDecodeToTheText() throws Exception {
        Path corpus = dir.resolve("books.txt");
        SyntheticCorpus.write(corpus, CORPUS_BYTES);
        Path job = Files.writeString(dir.resolve("job.yaml"), """
                apiVersion: kubegpt.io/v1alpha1
                kind: GPTPretrain
                metadata:
                  name: large
                spec:
                  data:
                    path: %s
                    validationFraction: 0.01
                  tokenizer:
                    vocabSize: 2000
                    sampleBytes: 8388608
                """.formatted(corpus));
        Path out = dir.resolve("out");

        Process prepare = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.kubegpt.trainer.cli.Main", "prepare",
                job.toString(), "--output", out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("prepare.log").toFile()).start();
        assertThat(prepare.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(prepare.exitValue()).as(Files.readString(dir.resolve("prepare.log"))).isZero();

        Path data = out.resolve("data");
        var meta = JsonFiles.readObject(data.resolve("meta.json"));
        assertThat(meta.path("corpusBytes").asLong()).isEqualTo(Files.size(corpus));
        PreparedData prepared = PreparedData.open(data);
        assertThat(prepared.trainTokens()).isEqualTo(meta.path("trainTokens").asLong())
                .isEqualTo(Files.size(data.resolve("train.bin")) / 2);
        // a byte-level BPE of 2,000 tokens makes a few bytes per token of this text
        assertThat((double) Files.size(corpus) / (prepared.trainTokens() + prepared.valTokens())).isBetween(2.0, 6.0);
        assertThat(prepared.valTokens()).isGreaterThan(prepared.trainTokens() / 200);

        BpeTokenizer tokenizer = BpeTokenizer.load(data.resolve("tokenizer"), "tokenizer");
        SplittableRandom random = new SplittableRandom(1);
        for (TokenFile tokens : List.of(prepared.train(), prepared.val())) {
            for (int i = 0; i < 40; i++) {
                long start = random.nextLong(tokens.size() - 400);
                assertWholeLinesMatch(tokenizer.decode(tokens.window(start, 400)));
            }
        }
    }

    /** Every line the window holds from its start to its end is the line of that number. */
    private static void assertWholeLinesMatch(String window) {
        Matcher m = LINE_START.matcher(window);
        List<int[]> starts = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start() + 1, Integer.parseInt(m.group(1))});
        }
        assertThat(starts).as(window).isNotEmpty();
        for (int k = 0; k + 1 < starts.size(); k++) {
            String line = window.substring(starts.get(k)[0], starts.get(k + 1)[0]).strip();
            assertThat(line).isEqualTo(SyntheticCorpus.line(starts.get(k)[1]));
        }
    }
}
