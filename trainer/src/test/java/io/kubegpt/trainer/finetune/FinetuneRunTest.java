package io.kubegpt.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.trainer.checkpoint.CheckpointStore;
import io.kubegpt.trainer.checkpoint.KilledRun;
import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.checkpoint.TensorFile;
import io.kubegpt.trainer.cli.Main;
import io.kubegpt.trainer.files.AtomicFiles;
import io.kubegpt.trainer.report.LossHistory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The finetune command end to end on a base pre-trained for a few steps, and its refusals of a bad base. */
class FinetuneRunTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path base;
    static Path job;

    @BeforeAll
    static void pretrainATinyBase() throws IOException {
        base = TinyBase.pretrain(dir.resolve("base"), 1);

        StringBuilder csv = new StringBuilder("text,label\n");
        String[] cats = {"the cat sat", "a cat in the garden", "the cat ate milk", "Mia saw a cat"};
        String[] dogs = {"the dog ran", "a dog in the park", "the dog ate bread", "Tom saw a dog"};
        for (int i = 0; i < 24; i++) {
            csv.append(i % 2 == 0 ? cats[i / 2 % 4] + ",cat" : "\"" + dogs[i / 2 % 4] + ", barking\",dog").append('\n');
        }
        csv.append("a row without its label,\n");
        Path data = Files.writeString(dir.resolve("pets.csv"), csv);
        job = Files.writeString(dir.resolve("pets.yaml"), """
                apiVersion: kubegpt.io/v1alpha1
                kind: GPTFinetune
                metadata: {name: pets}
                spec:
                  base: {pretrain: base}
                  task: {type: classification, labels: [cat, dog], metrics: [accuracy, f1]}
                  data: {train: %s, eval: %s}
                  training: {epochs: 2, batchSize: 8, learningRate: 0.003}
                """.formatted(data, data));
    }

    @Test
    void finetunesFromTheBaseAndReportsTheTaskMetrics() throws IOException {
        Path out = dir.resolve("pets");
        StringWriter err = new StringWriter();
        int exit = execute(err, "finetune", job.toString(), "--base", base.toString(), "--output", out.toString(),
                "--threads", "1");
        assertThat(exit).as(err.toString()).isZero();

        JsonNode summary = JSON.readTree(out.resolve(RunLayout.SUMMARY).toFile());
        assertThat(summary.path("phase").asText()).isEqualTo("Succeeded");
        JsonNode benchmark = summary.path("benchmark");
        assertThat(benchmark.path("metric").asText()).isEqualTo("accuracy");
        assertThat(benchmark.path("score").asDouble()).isBetween(0.0, 1.0).isEqualTo(benchmark.path("accuracy").asDouble());
        assertThat(benchmark.path("bestScore").asDouble()).isGreaterThanOrEqualTo(benchmark.path("score").asDouble());
        assertThat(benchmark.path("bestEpoch").asDouble()).isIn(1.0, 2.0);
        assertThat(benchmark.has("f1")).isTrue();
        assertThat(benchmark.has("matthews")).isTrue();
        assertThat(summary.path("progress").path("totalSteps").asLong()).isEqualTo(6);
        assertThat(Files.isRegularFile(out.resolve("loss-curve.png"))).isTrue();

        Path checkpoint = Path.of(summary.path("checkpoints").path("latest").path("path").asText());
        assertThat(JSON.readTree(checkpoint.resolve(FinetuneRun.TASK_FILE).toFile()).path("task").path("type").asText())
                .isEqualTo("classification");
        assertThat(TensorFile.read(checkpoint.resolve("weights.bin"))).containsKeys(FinetuneModel.HEAD_WEIGHT, "wte_weight");
        // the pets are a few tokens long: the model is built with a short context, the base's first positions
        int context = ModelCheckpoint.config(checkpoint).context();
        assertThat(context).isLessThan(32);
        assertThat(context % FinetuneContext.MULTIPLE).isZero();
        assertThat(TensorFile.read(checkpoint.resolve("weights.bin")).get("wpe_weight").rows()).isEqualTo(context);
        assertThat(Files.isDirectory(checkpoint.resolve("tokenizer"))).isTrue();
    }

    @Test
    void aResumedFinetuneRepeatsTheUninterruptedLossCurve() throws IOException {
        Path out = dir.resolve("pets-resumed");
        StringWriter err = new StringWriter();
        String[] args = {"finetune", job.toString(), "--base", base.toString(), "--output", out.toString(),
                "--threads", "1", "--set", "checkpoint.everySteps=2", "--set", "checkpoint.keepLast=5"};
        assertThat(execute(err, args)).as(err.toString()).isZero();
        List<LossHistory.Point> uninterrupted = LossHistory.read(out.resolve(LossHistory.FILE), 6).train();
        JsonNode finished = JSON.readTree(out.resolve(RunLayout.SUMMARY).toFile()).path("benchmark");
        // as if killed in the second epoch (3 steps each), after the checkpoint of step 4
        KilledRun.afterCheckpoint(out.resolve("checkpoints"), 4);

        assertThat(execute(err, args)).as(err.toString()).isZero();

        List<LossHistory.Point> resumed = LossHistory.read(out.resolve(LossHistory.FILE), 6).train();
        assertThat(resumed).extracting(LossHistory.Point::step).containsExactlyElementsOf(
                uninterrupted.stream().map(LossHistory.Point::step).toList());
        for (int i = 4; i < uninterrupted.size(); i++) {
            assertThat(resumed.get(i).loss()).as("loss at step %d", uninterrupted.get(i).step())
                    .isCloseTo(uninterrupted.get(i).loss(), withPercentage(0.01));
        }
        JsonNode summary = JSON.readTree(out.resolve(RunLayout.SUMMARY).toFile());
        assertThat(summary.path("phase").asText()).isEqualTo("Succeeded");
        assertThat(summary.path("progress").path("step").asLong()).isEqualTo(6);
        JsonNode benchmark = summary.path("benchmark");
        assertThat(benchmark.path("score").asDouble()).isCloseTo(finished.path("score").asDouble(), withPercentage(0.01));
        assertThat(benchmark.path("bestScore").asDouble()).isEqualTo(finished.path("bestScore").asDouble());
        assertThat(benchmark.path("bestEpoch").asDouble()).isEqualTo(finished.path("bestEpoch").asDouble());
    }

    @Test
    void refusesToResumeAnotherTaskOrWithResumeOff() throws IOException {
        Path out = dir.resolve("pets-other-task");
        StringWriter err = new StringWriter();
        assertThat(execute(err, "finetune", job.toString(), "--base", base.toString(), "--output", out.toString(),
                "--threads", "1", "--set", "training.steps=1")).as(err.toString()).isZero();
        Path checkpoint = ModelCheckpoint.resolve(out);
        byte[] weights = Files.readAllBytes(checkpoint.resolve("weights.bin"));
        Path entailment = Files.writeString(dir.resolve("entailment.yaml"), Files.readString(job)
                .replace("type: classification", "type: entailment"));

        StringWriter refused = new StringWriter();
        assertThat(execute(refused, "finetune", entailment.toString(), "--base", base.toString(), "--output",
                out.toString(), "--threads", "1")).isEqualTo(Main.INVALID_INPUT);
        assertThat(refused.toString()).startsWith("error: spec.task: the checkpoint").contains("CLASSIFICATION");

        StringWriter off = new StringWriter();
        assertThat(execute(off, "finetune", job.toString(), "--base", base.toString(), "--output", out.toString(),
                "--threads", "1", "--set", "checkpoint.resume=false")).isEqualTo(Main.INVALID_INPUT);
        assertThat(off.toString()).startsWith("error: spec.checkpoint.resume:");

        assertThat(ModelCheckpoint.resolve(out)).isEqualTo(checkpoint);
        assertThat(Files.readAllBytes(checkpoint.resolve("weights.bin"))).isEqualTo(weights);
    }


    @Test
    void aResumedFinetuneNeedsOnlyItsOwnCheckpointEvenWithItsBaseDeleted() throws IOException {
        Path doomed = copyOfTheBaseCheckpoint("pruned-base");
        Path out = dir.resolve("pets-base-pruned");
        StringWriter err = new StringWriter();
        String[] args = {"finetune", job.toString(), "--base", doomed.toString(), "--output", out.toString(),
                "--threads", "1", "--set", "checkpoint.everySteps=2", "--set", "checkpoint.keepLast=5"};
        assertThat(execute(err, args)).as(err.toString()).isZero();
        KilledRun.afterCheckpoint(out.resolve("checkpoints"), 4);
        // the pre-train's keepLast pruned the checkpoint the fine-tune started from
        AtomicFiles.deleteRecursively(doomed);

        StringWriter resumed = new StringWriter();
        assertThat(execute(resumed, args)).as(resumed.toString()).isZero();

        JsonNode summary = JSON.readTree(out.resolve(RunLayout.SUMMARY).toFile());
        assertThat(summary.path("phase").asText()).isEqualTo("Succeeded");
        assertThat(summary.path("progress").path("step").asLong()).isEqualTo(6);
        Path checkpoint = ModelCheckpoint.resolve(out);
        assertThat(CheckpointStore.stepOf(checkpoint)).isEqualTo(6);
        assertThat(JSON.readTree(checkpoint.resolve(FinetuneRun.TASK_FILE).toFile()).path("base").asText())
                .isEqualTo(doomed.toString());
    }

    @Test
    void aFinetuneRestartedBeforeItsFirstCheckpointReadsTheBaseItKept() throws IOException {
        Path doomed = copyOfTheBaseCheckpoint("base-gone-early");
        Path out = dir.resolve("pets-base-gone-early");
        String[] args = {"finetune", job.toString(), "--base", doomed.toString(), "--output", out.toString(),
                "--threads", "1", "--set", "checkpoint.everySteps=2"};
        StringWriter first = new StringWriter();
        assertThat(execute(first, args)).as(first.toString()).isZero();
        assertThat(out.resolve(FinetuneRun.KEPT_BASE).resolve(ModelCheckpoint.WEIGHTS_FILE)).isRegularFile();
        assertThat(out.resolve(FinetuneRun.KEPT_BASE).resolve(ModelCheckpoint.OPTIMIZER_FILE)).doesNotExist();
        // as if killed before its first checkpoint, after which the pre-train pruned the base
        AtomicFiles.deleteRecursively(out.resolve(RunLayout.CHECKPOINTS));
        AtomicFiles.deleteRecursively(doomed);

        StringWriter restarted = new StringWriter();
        assertThat(execute(restarted, args)).as(restarted.toString()).isZero();

        assertThat(JSON.readTree(out.resolve(RunLayout.SUMMARY).toFile()).path("phase").asText()).isEqualTo("Succeeded");
        assertThat(JSON.readTree(ModelCheckpoint.resolve(out).resolve(FinetuneRun.TASK_FILE).toFile()).path("base")
                .asText()).as("the base it started from, not the copy").isEqualTo(doomed.toString());
    }

    @Test
    void refusesABaseThatCannotBeRead() throws IOException {
        StringWriter err = new StringWriter();
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(execute(err, "finetune", job.toString(), "--base", empty.toString(), "--output",
                dir.resolve("x").toString())).isEqualTo(Main.INVALID_INPUT);
        assertThat(err.toString()).startsWith("error: spec.base: cannot use " + empty);
    }

    private static Path copyOfTheBaseCheckpoint(String name) throws IOException {
        Path checkpoint = dir.resolve(name);
        Path from = ModelCheckpoint.resolve(base);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = checkpoint.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return checkpoint;
    }

    static int execute(StringWriter err, String... args) {
        CommandLine commandLine = mainCommandLine();
        commandLine.setErr(new PrintWriter(err, true));
        PrintStream console = System.out;
        System.setOut(quiet());
        try {
            return commandLine.execute(args);
        } finally {
            System.setOut(console);
        }
    }

    private static CommandLine mainCommandLine() {
        try {
            var method = Main.class.getDeclaredMethod("commandLine");
            method.setAccessible(true);
            return (CommandLine) method.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(java.io.OutputStream.nullOutputStream());
    }
}
