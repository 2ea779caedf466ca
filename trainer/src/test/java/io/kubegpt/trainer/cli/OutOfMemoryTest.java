package io.kubegpt.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.api.trainer.TrainerEnvironment;
import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.trainer.data.SyntheticCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trainer process whose heap runs out (here: preparing a 24 MB corpus in 32 MB of heap, which runs out on a
 * worker thread of the tokenizer's sample) exits with a code of its own, not the one that blames a peer, and its
 * last line names the rank, the heap and what to raise.
 */
class OutOfMemoryTest {

    @TempDir
    Path dir;

    @Test
    void aRankOutOfHeapExitsWithItsOwnCodeNamingTheRankTheHeapAndWhatToRaise() throws Exception {
        Path corpus = dir.resolve("corpus.txt");
        SyntheticCorpus.write(corpus, 24L << 20);
        Path job = dir.resolve("job.yaml");
        Files.writeString(job, "kind: GPTPretrain\nmetadata: {name: heap}\nspec:\n  data: {path: " + corpus + "}\n"
                + "  tokenizer: {vocabSize: 4000}\n");

        try (TrainerProcess trainer = TrainerProcess.start(dir.resolve("trainer.log"), "32m",
                Map.of(TrainerEnvironment.RANK, "3"), List.of("prepare", job.toString(), "--output",
                        dir.resolve("out").toString()))) {
            int code = trainer.awaitExit(Duration.ofMinutes(2));

            assertThat(code).as(trainer.output()).isEqualTo(TrainerExitCodes.OUT_OF_MEMORY)
                    .isNotEqualTo(TrainerExitCodes.RANK_FAILED);
            List<String> lines = trainer.output().lines().filter(line -> !line.isBlank()).toList();
            // without the heap to build the line with the error's text, the process prints the line prepared at start
            assertThat(lines.get(lines.size() - 1)).matches("error: rank 3 ran out of memory (\\(Java heap space\\) )?"
                    + "with a maximum Java heap of 3[0-9] MiB: raise spec.workers.resources.limits.memory .* or "
                    + "lower spec.training.batchSize");
        }
    }
}
