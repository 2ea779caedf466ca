package io.kubegpt.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.ZeroShotHeuristic;
import io.kubegpt.api.v1alpha1.ZeroShotScore;
import io.kubegpt.trainer.report.ZeroShotHistory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pre-train with zero-shot tasks scores them at each evaluation into summary.json, zero-shot.csv and its picture;
 * the {@code zeroshot} command scores the final checkpoint to the same accuracy.
 */
class ZeroShotCommandTest {

    private static final String JOB = """
            apiVersion: kubegpt.io/v1alpha1
            kind: GPTPretrain
            metadata:
              name: zero-shot-test
            spec:
              model: {layers: 1, dModel: 32, heads: 2, ffn: 128, context: 48}
              tokenizer: {vocabSize: 300}
              training: {batchSize: 8, steps: 20, warmupSteps: 5, learningRate: 0.003}
              evaluation:
                everySteps: 10
                batches: 2
                zeroShot:
                  - {name: story-ending, heuristic: answerLikelihood, data: "builtin:story-ending/eval.jsonl",
                     maxExamples: 30}
                  - name: sentiment
                    heuristic: labelWord
                    data: builtin:sentiment/eval.jsonl
                    labels: [negative, positive]
                    labelWords: [sad, happy]
                    prompt: felt
                    maxExamples: 30
              checkpoint: {everySteps: 10}
            """;

    @TempDir
    Path dir;

    @Test
    void eachEvaluationScoresTheTasksAndTheCommandRescoresTheCheckpoint() throws IOException {
        Path job = Files.writeString(dir.resolve("job.yaml"), JOB);
        Path out = dir.resolve("out");
        assertThat(execute("pretrain", job.toString(), "--output", out.toString()).code()).isZero();

        GPTJobStatus summary = new ObjectMapper().readValue(out.resolve(RunLayout.SUMMARY).toFile(), GPTJobStatus.class);
        List<ZeroShotScore> scores = summary.getBenchmark().getZeroShot();
        assertThat(scores).extracting(ZeroShotScore::getName).containsExactly("story-ending", "sentiment");
        assertThat(scores).extracting(ZeroShotScore::getHeuristic)
                .containsExactly(ZeroShotHeuristic.ANSWER_LIKELIHOOD, ZeroShotHeuristic.LABEL_WORD);
        assertThat(scores).allSatisfy(score -> {
            assertThat(score.getStep()).isEqualTo(20);
            assertThat(score.getExamples()).isEqualTo(30);
            assertThat(score.getChance()).isEqualTo(0.5);
            assertThat(score.getAccuracy()).isBetween(0.0, 1.0);
        });
        assertThat(Files.readAllLines(out.resolve(ZeroShotHistory.FILE)))
                .usingElementComparator((actual, expected) -> actual.startsWith(expected) ? 0 : 1)
                .containsExactly("step,task,accuracy,chance",
                        line(10, "story-ending", null), line(10, "sentiment", null),
                        line(20, "story-ending", scores.get(0)), line(20, "sentiment", scores.get(1)));
        assertThat(ImageIO.read(out.resolve(ZeroShotHistory.PICTURE).toFile()).getWidth()).isPositive();

        Result rescored = execute("zeroshot", job.toString(), "--output", out.toString());
        assertThat(rescored.code()).isZero();
        assertThat(rescored.out()).contains("story-ending: 30 examples from builtin:story-ending/eval.jsonl",
                "(step 20), scored in ",
                String.format(Locale.ROOT, "accuracy %.3f (chance 0.500) over 30 examples", scores.get(0).getAccuracy()),
                String.format(Locale.ROOT, "accuracy %.3f (chance 0.500) over 30 examples", scores.get(1).getAccuracy()));
    }

    @Test
    void aJobWithoutZeroShotTasksIsRefusedNamingTheField() throws IOException {
        Path job = Files.writeString(dir.resolve("job.yaml"), "kind: GPTPretrain\n");
        Result refused = execute("zeroshot", job.toString(), "--checkpoint", dir.toString());
        assertThat(refused.code()).isEqualTo(Main.INVALID_INPUT);
        assertThat(refused.err()).startsWith("error: spec.evaluation.zeroShot: lists no task");
    }

    /** The start of a zero-shot.csv line; with a score, its accuracy. */
    private static String line(long step, String task, ZeroShotScore score) {
        return step + "," + task + "," + (score == null ? "" : String.format(Locale.ROOT, "%.6f", score.getAccuracy()));
    }

    private record Result(int code, String out, String err) {
    }

    private static Result execute(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            var commandLine = Main.commandLine();
            commandLine.setErr(new PrintWriter(err, true));
            return new Result(commandLine.execute(args), out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(console);
        }
    }
}
