package io.kubegpt.trainer.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;
import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.checkpoint.KilledRun;
import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.checkpoint.TrainingInputs;
import io.kubegpt.trainer.data.PreparedData;
import io.kubegpt.trainer.data.SampleCorpus;
import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.report.LossCurvePlot;
import io.kubegpt.trainer.report.LossHistory;
import io.kubegpt.trainer.report.RunReport;
import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class PretrainRunTest {

    @TempDir
    Path dir;

    @Test
    void lossFallsWellBelowUniformOnTheSampleCorpus() {
        GPTJobStatus status = run(TinyJobs.pretrain("training.steps=120", "evaluation.everySteps=120",
                "checkpoint.everySteps=120"), dir, false);

        double uniform = Math.log(300);
        assertThat(status.getPhase()).isEqualTo(Phase.Succeeded);
        assertThat(status.getProgress().getLoss()).isLessThan(0.75 * uniform);
        assertThat(status.getBenchmark().getValidationLoss()).isLessThan(0.75 * uniform);
        assertThat(status.getBenchmark().getPerplexity()).isEqualTo(Math.exp(status.getBenchmark().getValidationLoss()));
        assertThat(status.getBenchmark().getTokensPerSecond()).isPositive();
        assertThat(status.getBenchmark().getMfu()).isBetween(0.0, 1.0);
        assertThat(dir.resolve(RunLayout.SUMMARY)).isRegularFile();
        assertThat(dir.resolve(LossCurvePlot.FILE)).isRegularFile();
    }

    @Test
    void aResumedRunRepeatsTheUninterruptedLossCurve() throws IOException {
        resumedRunRepeatsTheUninterruptedLossCurve();
    }

    /** Dropout is seeded per micro-batch: with 2 micro-batches a step the resumed run draws the same masks. */
    @Test
    void aResumedRunWithGradientAccumulationRepeatsTheUninterruptedLossCurve() throws IOException {
        resumedRunRepeatsTheUninterruptedLossCurve("training.gradientAccumulation=2");
    }

    private void resumedRunRepeatsTheUninterruptedLossCurve(String... overrides) throws IOException {
        Path out = dir.resolve("run");
        run(TinyJobs.pretrain(overrides), out, false);
        List<LossHistory.Point> uninterrupted = LossHistory.read(out.resolve(LossHistory.FILE), 20).train();
        // as if killed between the checkpoints of steps 10 and 20
        KilledRun.afterCheckpoint(out.resolve("checkpoints"), 10);

        run(TinyJobs.pretrain(overrides), out, true);

        List<LossHistory.Point> resumed = LossHistory.read(out.resolve(LossHistory.FILE), 20).train();
        assertThat(resumed).extracting(LossHistory.Point::step).containsExactlyElementsOf(
                uninterrupted.stream().map(LossHistory.Point::step).toList());
        for (int i = 10; i < uninterrupted.size(); i++) {
            assertThat(resumed.get(i).loss()).as("loss at step %d", uninterrupted.get(i).step())
                    .isCloseTo(uninterrupted.get(i).loss(), withPercentage(0.01));
        }
        assertThat(ModelCheckpoint.inputs(ModelCheckpoint.resolve(out)))
                .isEqualTo(TrainingInputs.of(PreparedData.open(out.resolve("data"))));
        assertThat(out.resolve(".data-before-resume")).doesNotExist();
    }

    @Test
    void aTruncatedLatestCheckpointIsSkippedForTheOneBeforeAndTheRunSaysSo() throws IOException {
        Path out = dir.resolve("run");
        run(TinyJobs.pretrain("checkpoint.keepLast=3"), out, false);
        List<LossHistory.Point> uninterrupted = LossHistory.read(out.resolve(LossHistory.FILE), 20).train();
        Path latestWeights = out.resolve("checkpoints/step-00000020").resolve(ModelCheckpoint.WEIGHTS_FILE);
        try (FileChannel weights = FileChannel.open(latestWeights, StandardOpenOption.WRITE)) {
            weights.truncate(weights.size() / 2);
        }
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        GPTJobStatus status = new PretrainRun(TinyJobs.pretrain("checkpoint.keepLast=3"),
                new PretrainRun.Options(out, true), new RunReport(out, new PrintStream(console, true), 2)).run();

        assertThat(status.getPhase()).isEqualTo(Phase.Succeeded);
        assertThat(console.toString()).contains("skipping " + latestWeights.getParent() + ", which does not verify: "
                + ModelCheckpoint.WEIGHTS_FILE + " holds");
        List<LossHistory.Point> resumed = LossHistory.read(out.resolve(LossHistory.FILE), 20).train();
        for (int i = 10; i < uninterrupted.size(); i++) {
            assertThat(resumed.get(i).loss()).as("loss at step %d", uninterrupted.get(i).step())
                    .isCloseTo(uninterrupted.get(i).loss(), withPercentage(0.01));
        }
    }

    @Test
    void anotherCorpusOfTheSameShapeIsRefusedLeavingTheOutputAsItWas() throws IOException {
        Path out = dir.resolve("run");
        run(TinyJobs.pretrain(), out, false);
        KilledRun.afterCheckpoint(out.resolve("checkpoints"), 10);
        Map<Path, String> before = contents(out);
        String trainedOn = ModelCheckpoint.inputs(ModelCheckpoint.resolve(out)).dataFingerprint();

        assertThatThrownBy(() -> run(TinyJobs.pretrain("data.path=" + otherCorpus()), out, true))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("spec.data"))
                .hasMessageContaining("was trained on other data")
                .hasMessageMatching("(?s).*data fingerprint " + trainedOn.substring(0, 12)
                        + " in the checkpoint, [0-9a-f]{12} in this run.*")
                .hasMessageContaining("use the original corpus and tokenizer, or choose another --output");

        assertThat(contents(out)).isEqualTo(before);
    }

    @Test
    void aFinishedRunsFolderIsNotReusedForAnotherCorpus() throws IOException {
        Path out = dir.resolve("run");
        run(TinyJobs.pretrain("training.steps=10"), out, false);
        Map<Path, String> finished = contents(out);
        GPTPretrain otherJob = TinyJobs.pretrain("training.steps=10", "data.path=" + otherCorpus());

        assertThatThrownBy(() -> run(otherJob, out, true))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("spec.data"))
                .hasMessageContaining("was trained on other data");
        assertThat(contents(out)).isEqualTo(finished);
        assertThatThrownBy(() -> run(otherJob, out, false))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("spec.checkpoint.resume"));
        assertThat(contents(out)).isEqualTo(finished);
    }

    @Test
    void anotherTokenizerIsRefused() throws IOException {
        Path out = dir.resolve("run");
        BpeTokenizer first = BpeTokenizer.train(SampleCorpus.generate(3, 50_000), 300);
        BpeTokenizer second = BpeTokenizer.train(SampleCorpus.generate(4, 50_000), 300);
        first.save(dir.resolve("first"));
        second.save(dir.resolve("second"));
        run(TinyJobs.pretrain("training.steps=10", "tokenizer.path=" + dir.resolve("first")), out, false);
        Map<Path, String> before = contents(out);

        assertThatThrownBy(() -> run(TinyJobs.pretrain("training.steps=10", "tokenizer.path=" + dir.resolve("second")),
                out, true))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("spec.data"))
                .hasMessageContaining("tokenizer sha256 " + first.sha256().substring(0, 12) + " in the checkpoint, "
                        + second.sha256().substring(0, 12) + " in this run");

        assertThat(contents(out)).isEqualTo(before);
    }

    @Test
    void aCheckpointReloadsToIdenticalLogits() {
        Path out = dir.resolve("run");
        run(TinyJobs.pretrain("training.steps=10"), out, false);
        Path checkpoint = ModelCheckpoint.resolve(out);

        GPT first = ModelCheckpoint.model(checkpoint);
        GPT second = ModelCheckpoint.model(checkpoint);
        int[][] tokens = {java.util.stream.IntStream.range(0, 32).map(i -> (i * 7) % 300).toArray()};
        INDArray a = first.logits(tokens);
        INDArray b = second.logits(tokens);

        assertThat(a.equals(b)).isTrue();
        assertThat(ModelCheckpoint.state(checkpoint).step()).isEqualTo(10);
        assertThat(ModelCheckpoint.tokenizer(checkpoint).vocabSize()).isEqualTo(300);
    }

    @Test
    void aModelOfAnotherShapeNeverTouchesTheCheckpoints() throws IOException {
        Path out = dir.resolve("run");
        run(TinyJobs.pretrain("training.steps=10"), out, false);
        Path checkpoint = ModelCheckpoint.resolve(out);
        byte[] weights = Files.readAllBytes(checkpoint.resolve("weights.bin"));

        assertThatThrownBy(() -> run(TinyJobs.pretrain("model.layers=2"), out, true))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("spec.model"));
        assertThatThrownBy(() -> run(TinyJobs.pretrain(), out, false))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("spec.checkpoint.resume"));

        assertThat(ModelCheckpoint.resolve(out)).isEqualTo(checkpoint);
        assertThat(Files.readAllBytes(checkpoint.resolve("weights.bin"))).isEqualTo(weights);
    }


    /** A corpus of the sample's kind but other stories: its tokenizer, too, reaches 300 tokens. */
    private Path otherCorpus() throws IOException {
        Path file = dir.resolve("other-corpus.txt");
        if (!Files.exists(file)) {
            Files.writeString(file, SampleCorpus.generate(2, 100_000));
        }
        return file;
    }

    /** Every file under {@code root} by relative path, with the SHA-256 of its bytes. */
    private static Map<Path, String> contents(Path root) throws IOException {
        Map<Path, String> contents = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                try {
                    contents.put(root.relativize(file), HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return contents;
    }

    private static GPTJobStatus run(GPTPretrain job, Path output, boolean resume) {
        RunReport report = new RunReport(output, new PrintStream(new ByteArrayOutputStream()), 2);
        return new PretrainRun(job, new PretrainRun.Options(output, resume), report).run();
    }
}
