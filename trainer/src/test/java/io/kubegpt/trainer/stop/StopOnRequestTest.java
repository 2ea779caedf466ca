package io.kubegpt.trainer.stop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.trainer.checkpoint.CheckpointStore;
import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.cli.TrainerProcess;
import io.kubegpt.trainer.data.SampleCorpus;
import io.kubegpt.trainer.pretrain.PretrainRun;
import io.kubegpt.trainer.report.LossHistory;
import io.kubegpt.trainer.report.RunReport;
import io.kubegpt.trainer.spec.SpecReader;
import io.kubegpt.trainer.finetune.PetsFinetune;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM, as a suspend, a preemption or a drain sends it, to real trainer processes: training stops after a step
 * that all ranks agree on, with that step's checkpoint written and exit code STOPPED, and the resumed run goes on
 * from exactly that step to the end; before training the process exits at once and leaves no prepared data behind.
 */
class StopOnRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A JVM's start, the native libraries and the data preparation, on a busy machine. */
    private static final Duration START = Duration.ofMinutes(2);
    private static final Duration RUN = Duration.ofMinutes(4);
    private static final long STEPS = 300;
    /** Sequences per step: over a stop and a resume, the tokens trained show every step counted once. */
    private static final long BATCH = 8;
    /** Regular checkpoints only at the end: the checkpoint a stop leaves is the stop's own. */
    private static final List<String> TINY = List.of("model.layers=1", "model.dModel=32", "model.heads=2",
            "model.ffn=128", "model.context=32", "model.dropout=0", "tokenizer.vocabSize=300",
            "training.batchSize=8", "training.steps=" + STEPS, "training.warmupSteps=5",
            "training.learningRate=0.003", "evaluation.everySteps=100000", "evaluation.batches=2",
            "checkpoint.everySteps=100000", "checkpoint.keepLast=5");
    private static final Pattern PROGRESS = Pattern.compile("^step +(\\d+)/\\d+ ");
    private static final Pattern STOPPED = Pattern.compile(
            "^stopped on request at step (\\d+); checkpoint (step-\\d+) written; resume continues from it$");

    @TempDir
    Path dir;

    @Test
    void aStoppedPretrainWritesTheCheckpointOfItsStepAndItsResumeRepeatsAndLosesNoStep() throws Exception {
        Path out = dir.resolve("one");

        long step = stopAfterTheFirstStep(trainer("stop", pretrain(out)));

        assertStoppedAt(out, step);
        resumeToTheEnd(trainer("resume", pretrain(out, "--resume")), out, step);
    }

    @Test
    void twoLocalRanksStopAfterTheSameStepWhenTheirLauncherIsSignalled() throws Exception {
        Path out = dir.resolve("two");
        TrainerProcess launcher = trainer("stop", pretrain(out, "--local", "2"));

        long step = stopAfterTheFirstStep(launcher);

        assertStoppedAt(out, step);
        assertThat(launcher.output()).contains("all 2 ranks stopped on request (exit code 6)");
        assertThat(Files.readString(out.resolve("logs/rank-1.log")))
                .contains("rank 1: stopped on request at step " + step + ";");
        resumeToTheEnd(trainer("resume", pretrain(out, "--local", "2", "--resume")), out, step);
    }

    @Test
    void aStoppedFinetuneResumesFromTheStepItStoppedAt() throws Exception {
        Path base = dir.resolve("base");
        pretrainABase(base);
        Path out = dir.resolve("finetune");
        List<String> finetune = List.of("finetune", finetuneJob().toString(), "--base", base.toString(),
                "--output", out.toString(), "--threads", "1", "--set", "training.steps=" + STEPS,
                "--set", "checkpoint.everySteps=100000", "--resume");

        long step = stopAfterTheFirstStep(trainer("stop", finetune));

        assertStoppedAt(out, step);
        resumeToTheEnd(trainer("resume", finetune), out, step);
    }

    @Test
    void aStopWhileTheCorpusDownloadsExitsAtOnceLeavingNoPreparedDataAndNoCheckpoint() throws Exception {
        byte[] corpus = SampleCorpus.generate(5, 400_000).getBytes(StandardCharsets.UTF_8);
        CountDownLatch partSent = new CountDownLatch(1);
        CountDownLatch rest = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // the first request gets part of the corpus and then waits; later ones get it whole
        server.createContext("/corpus.txt", exchange -> {
            exchange.sendResponseHeaders(200, corpus.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(corpus, 0, corpus.length / 4);
                body.flush();
                if (partSent.getCount() > 0) {
                    partSent.countDown();
                    rest.await(1, TimeUnit.MINUTES);
                }
                body.write(corpus, corpus.length / 4, corpus.length - corpus.length / 4);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException trainerGone) {
                // the stopped trainer closed the connection
            }
        });
        server.start();
        Path out = dir.resolve("download");
        List<String> pretrain = pretrain(out, "--set", "data.url=http://127.0.0.1:" + server.getAddress().getPort()
                + "/corpus.txt", "--set", "training.steps=10");
        try {
            TrainerProcess stopped = trainer("stop", pretrain);
            assertThat(partSent.await(START.toSeconds(), TimeUnit.SECONDS)).as(stopped.output()).isTrue();

            stopped.terminate();

            assertThat(stopped.awaitExit(RUN)).as(stopped.output()).isEqualTo(TrainerExitCodes.STOPPED);
            assertThat(stopped.output()).contains("stopped on request (SIGTERM) before training began: nothing to save");
            assertThat(out.resolve(RunLayout.DATA).resolve("meta.json")).doesNotExist();
            assertThat(out.resolve(RunLayout.CHECKPOINTS)).doesNotExist();
        } finally {
            rest.countDown();
        }
        try {
            TrainerProcess again = trainer("again", pretrain);
            assertThat(again.awaitExit(RUN)).as(again.output()).isZero();
        } finally {
            server.stop(0);
        }
        try (Stream<Path> data = Files.list(out.resolve(RunLayout.DATA))) {
            assertThat(data.map(path -> path.getFileName().toString())).contains("meta.json")
                    .as("nothing the stopped attempt left").noneMatch(name -> name.startsWith("."));
        }
    }

    /** Waits for the first step, sends SIGTERM, and returns the step the trainer reports it stopped at. */
    private static long stopAfterTheFirstStep(TrainerProcess trainer) throws InterruptedException {
        trainer.awaitLine(PROGRESS, START);

        trainer.terminate();

        var stopped = trainer.awaitLine(STOPPED, RUN);
        assertThat(trainer.awaitExit(RUN)).as(trainer.output()).isEqualTo(TrainerExitCodes.STOPPED);
        long step = Long.parseLong(stopped.group(1));
        assertThat(step).isBetween(1L, STEPS - 1);
        assertThat(stopped.group(2)).isEqualTo(RunLayout.checkpointFolder(step));
        return step;
    }

    /** {@code latest} names the checkpoint of {@code step}, the run's only one, and the summary says why it ended. */
    private static void assertStoppedAt(Path out, long step) throws IOException {
        Path checkpoints = out.resolve(RunLayout.CHECKPOINTS);
        assertThat(Files.readString(checkpoints.resolve(RunLayout.LATEST)).trim())
                .isEqualTo(RunLayout.checkpointFolder(step));
        assertThat(new CheckpointStore(checkpoints, 1).list()).extracting(CheckpointStore::stepOf).containsExactly(step);
        Path checkpoint = checkpoints.resolve(RunLayout.checkpointFolder(step));
        assertThat(ModelCheckpoint.state(checkpoint).tokens()).isEqualTo(step * tokensPerStep(checkpoint));
        JsonNode summary = JSON.readTree(out.resolve(RunLayout.SUMMARY).toFile());
        assertThat(summary.path("phase").asText()).isEqualTo("Suspended");
        assertThat(summary.path("message").asText()).startsWith("stopped on request at step " + step + ";");
        assertThat(summary.path("checkpoints").path("latest").path("step").asLong()).isEqualTo(step);
    }

    /** A batch of the checkpoint's context: a fine-tune's is its longest example's, shorter than the base's. */
    private static long tokensPerStep(Path checkpoint) {
        return BATCH * ModelCheckpoint.config(checkpoint).context();
    }

    /** The resumed run starts at the step after {@code step}, trains to the end, and counts every step once. */
    private static void resumeToTheEnd(TrainerProcess resumed, Path out, long step) throws Exception {
        assertThat(resumed.awaitExit(RUN)).as(resumed.output()).isZero();

        String output = resumed.output();
        assertThat(output).contains("resuming from " + out.resolve(RunLayout.CHECKPOINTS)
                .resolve(RunLayout.checkpointFolder(step)) + " (step " + step + ",");
        assertThat(output.lines().map(PROGRESS::matcher).filter(java.util.regex.Matcher::find).findFirst()
                .map(m -> Long.parseLong(m.group(1)))).hasValue(step + 1);
        assertThat(LossHistory.read(out.resolve(LossHistory.FILE), STEPS).train())
                .extracting(LossHistory.Point::step).containsExactlyElementsOf(LongStream.rangeClosed(1, STEPS)
                        .boxed().toList());
        Path last = out.resolve(RunLayout.CHECKPOINTS).resolve(RunLayout.checkpointFolder(STEPS));
        assertThat(ModelCheckpoint.state(last).tokens()).isEqualTo(STEPS * tokensPerStep(last));
        assertThat(JSON.readTree(out.resolve(RunLayout.SUMMARY).toFile()).path("phase").asText())
                .isEqualTo("Succeeded");
    }

    private TrainerProcess trainer(String name, List<String> arguments) throws IOException {
        return TrainerProcess.start(dir.resolve(name + "-" + System.nanoTime() + ".log"), Map.of(), arguments);
    }

    private List<String> pretrain(Path out, String... more) throws IOException {
        Path job = dir.resolve("tiny.yaml");
        Files.writeString(job, "apiVersion: kubegpt.io/v1alpha1\nkind: GPTPretrain\nmetadata:\n  name: stop-test\n");
        List<String> arguments = new ArrayList<>(List.of("pretrain", job.toString(), "--output", out.toString(),
                "--threads", "1"));
        TINY.forEach(override -> arguments.addAll(List.of("--set", override)));
        arguments.addAll(List.of(more));
        return arguments;
    }

    private static void pretrainABase(Path base) {
        String yaml = "apiVersion: kubegpt.io/v1alpha1\nkind: GPTPretrain\nmetadata:\n  name: base\n";
        List<String> overrides = new ArrayList<>(TINY);
        overrides.addAll(List.of("training.steps=10", "checkpoint.everySteps=10"));
        new PretrainRun(SpecReader.pretrain(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                "test", overrides), new PretrainRun.Options(base, false),
                new RunReport(base, new PrintStream(OutputStream.nullOutputStream()), 1)).run();
    }

    /** A classification of 24 sentences in batches of 8: every step trains on 8 examples of 32 tokens. */
    private Path finetuneJob() throws IOException {
        List<String> rows = IntStream.range(0, 24).mapToObj(i -> i % 2 == 0 ? "the cat sat on the mat " + i + ",cat"
                : "a dog ran in the park " + i + ",dog").toList();
        return PetsFinetune.write(dir, rows, "batchSize: 8, learningRate: 0.003", "");
    }
}
