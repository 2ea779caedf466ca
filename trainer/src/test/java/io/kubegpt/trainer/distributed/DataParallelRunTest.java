package io.kubegpt.trainer.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.trainer.RankFailure;
import io.kubegpt.trainer.finetune.FinetuneRun;
import io.kubegpt.trainer.finetune.PetsFinetune;
import io.kubegpt.trainer.pretrain.PretrainRun;
import io.kubegpt.trainer.report.LossHistory;
import io.kubegpt.trainer.report.RunReport;
import io.kubegpt.trainer.spec.SpecReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ranks as real processes of the trainer, started by the same launcher {@code pretrain --local N} uses, talking
 * Gloo over loopback.
 */
class DataParallelRunTest {

    private static final List<String> TINY = List.of("model.layers=1", "model.dModel=32", "model.heads=2",
            "model.ffn=128", "model.context=32", "model.dropout=0", "tokenizer.vocabSize=300",
            "training.batchSize=8", "training.warmupSteps=5", "training.learningRate=0.003",
            "evaluation.batches=3", "checkpoint.keepLast=3");

    @TempDir
    Path dir;

    @Test
    void theRanksGetTheLaunchersMemoryAndPropertiesButNotItsExitOnOutOfMemory() {
        assertThat(LocalLauncher.forwardedOptions(List.of("-Xmx3g", "-XX:+ExitOnOutOfMemoryError",
                "-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp", "-Dcom.sun.management.jmxremote.port=9010",
                "-agentlib:jdwp=transport=dt_socket", "--add-opens=java.base/java.nio=ALL-UNNAMED")))
                .containsExactly("-Xmx3g", "-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp",
                        "--add-opens=java.base/java.nio=ALL-UNNAMED");
    }

    @Test
    void twoRanksOfHalfTheBatchFollowTheLossCurveOfOneRankWithTheWholeBatch() throws Exception {
        Path yaml = job();
        List<String> steps = List.of("training.steps=50", "evaluation.everySteps=50", "checkpoint.everySteps=50");
        // buckets of 10 kB: every parameter its own bucket, each all-reduced while the backward pass goes on
        Run two = launch(yaml, dir.resolve("two"), 2, steps, List.of("--hash-every=10", "--bucket-mb=0.01"),
                Duration.ofSeconds(30));
        // the single rank trains in this JVM meanwhile (its ND4J is loaded already)
        List<String> overrides = new ArrayList<>(TINY);
        overrides.addAll(steps);
        Path single = dir.resolve("one");
        new PretrainRun(SpecReader.pretrain(yaml, overrides), new PretrainRun.Options(single, false),
                new RunReport(single, new PrintStream(OutputStream.nullOutputStream()), 1)).run();
        assertThat(two.await()).as(two.err()).isZero();

        List<LossHistory.Point> alone = LossHistory.read(dir.resolve("one/loss.csv"), 50).train();
        List<LossHistory.Point> parallel = LossHistory.read(dir.resolve("two/loss.csv"), 50).train();
        assertThat(parallel).hasSize(50);
        assertThat(alone).hasSize(50);
        for (int i = 0; i < 50; i++) {
            double expected = alone.get(i).loss();
            assertThat(Math.abs(parallel.get(i).loss() - expected) / expected).as("step %d", i + 1).isLessThan(1e-4);
        }
        assertThat(alone.get(49).loss()).isLessThan(alone.get(0).loss() - 0.3);
        // every rank checked the others' parameter hash every 10 steps and reports the same final hash
        String rank0 = Files.readString(dir.resolve("two/logs/rank-0.log"));
        String rank1 = Files.readString(dir.resolve("two/logs/rank-1.log"));
        assertThat(finalHash(rank0)).isNotEmpty().isEqualTo(finalHash(rank1));
        // rank 0 alone read the corpus; rank 1 opened what it prepared
        assertThat(rank0).contains("tokenizing the corpus");
        assertThat(rank1).doesNotContain("tokenizing the corpus", "tokenizer sample");
        assertThat(rank0).containsPattern("waiting for the all-reduce [0-9.]+% of step time \\(([2-9]|[1-9][0-9]+) buckets");
        assertThat(Files.exists(dir.resolve("two/checkpoints/step-00000050"))).isTrue();
    }

    @Test
    void aKilledOrHungRankStopsTheOtherWithinTheTimeoutAndResumeContinuesFromTheLastCheckpoint() throws Exception {
        Path yaml = job();
        Path out = dir.resolve("run");
        List<String> steps = List.of("training.steps=200", "evaluation.everySteps=1000", "checkpoint.everySteps=10");
        List<String> fast = List.of("--collective-timeout=4", "--hash-every=50");

        // 1. a rank is killed: the other notices at once (its connection drops) and names it
        Run killed = launch(yaml, out, 2, steps, fast, Duration.ofSeconds(10));
        Path first = awaitCheckpoint(out, 0);
        killed.process(1).destroyForcibly();
        long killedAt = System.nanoTime();
        int code = killed.await();
        double seconds = (System.nanoTime() - killedAt) / 1e9;
        assertThat(code).as(killed.err()).isEqualTo(137);
        assertThat(seconds).as(killed.err()).isLessThan(15);
        assertThat(killed.err()).contains("error: rank 1 failed with exit code 137 (killed by signal 9)");
        assertThat(killed.err()).containsPattern("\\[rank 0\\] error: rank 0: all-reduce failed .*rank 1");
        long saved = intactLatest(out);
        assertThat(saved).isGreaterThanOrEqualTo(CheckpointSteps.of(first));

        // 2. resumed, and now a rank hangs (stopped): the other times out after 4 s and names it
        Run hung = launch(yaml, out, 2, steps, fast, Duration.ofSeconds(3));
        awaitCheckpoint(out, saved);
        long pid = hung.process(1).pid();
        new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();
        long stoppedAt = System.nanoTime();
        int hungCode = hung.await();
        assertThat(hungCode).as(hung.err()).isEqualTo(RankFailure.EXIT_CODE);
        assertThat((System.nanoTime() - stoppedAt) / 1e9).isLessThan(30);
        assertThat(hung.err()).containsPattern("\\[rank 0\\] error: rank 0: all-reduce failed .*rank 1 stopped responding");
        assertThat(hung.err()).contains("error: rank 1 did not finish");
        // the second run continued from the checkpoint the first left, and its own last checkpoint is complete
        assertThat(Files.readString(out.resolve("logs/rank-0.log"))).contains("resuming from "
                + out.resolve("checkpoints").resolve(String.format("step-%08d", saved)));
        assertThat(intactLatest(out)).isGreaterThan(saved);

    }

    @Test
    void twoRanksOfAFinetuneWithHalfTheBatchFollowTheLossCurveOfOneRankWithTheWholeBatch() throws Exception {
        Path base = dir.resolve("base");
        List<String> baseOverrides = new ArrayList<>(TINY);
        baseOverrides.addAll(List.of("training.steps=10", "evaluation.everySteps=10", "checkpoint.everySteps=10"));
        new PretrainRun(SpecReader.pretrain(job(), baseOverrides), new PretrainRun.Options(base, false),
                new RunReport(base, new PrintStream(OutputStream.nullOutputStream()), 1)).run();
        Path yaml = finetuneJob();
        Run two = launch(List.of("finetune", yaml.toString(), "--base=" + base), dir.resolve("ft-two"), 2, List.of(),
                List.of("--hash-every=5", "--bucket-mb=0.01"), Duration.ofSeconds(30));
        Path single = dir.resolve("ft-one");
        new FinetuneRun(SpecReader.finetune(yaml, List.of()), new FinetuneRun.Options(single, base, false, false),
                new RunReport(single, new PrintStream(OutputStream.nullOutputStream()), 1)).run();
        assertThat(two.await()).as(two.err()).isZero();

        LossHistory alone = LossHistory.read(single.resolve(LossHistory.FILE), 18);
        LossHistory parallel = LossHistory.read(dir.resolve("ft-two").resolve(LossHistory.FILE), 18);
        assertThat(alone.train()).hasSize(18);
        assertThat(parallel.train()).hasSize(18);
        assertThat(alone.validation()).hasSize(3);
        assertThat(parallel.validation()).hasSize(3);
        assertSameCurve(parallel.train(), alone.train());
        // the evaluation batches were shared out between the ranks and their predictions combined
        assertSameCurve(parallel.validation(), alone.validation());
        assertThat(alone.train().get(17).loss()).isLessThan(alone.train().get(0).loss());
        String rank0 = Files.readString(dir.resolve("ft-two/logs/rank-0.log"));
        String rank1 = Files.readString(dir.resolve("ft-two/logs/rank-1.log"));
        assertThat(finalHash(rank0)).isNotEmpty().isEqualTo(finalHash(rank1));
        assertThat(rank0).contains("checkpoint").containsPattern("waiting for the all-reduce");
        assertThat(rank1).doesNotContain("checkpoint ");
        assertThat(Files.exists(dir.resolve("ft-two/checkpoints/step-00000018/task.json"))).isTrue();
    }

    private static void assertSameCurve(List<LossHistory.Point> actual, List<LossHistory.Point> expected) {
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).step()).isEqualTo(expected.get(i).step());
            double loss = expected.get(i).loss();
            assertThat(Math.abs(actual.get(i).loss() - loss) / loss).as("step %d", expected.get(i).step()).isLessThan(1e-4);
        }
    }

    /** A classification fine-tune of 48 examples, 3 epochs of 6 steps of 8, without dropout or the language-model loss. */
    private Path finetuneJob() throws IOException {
        String[] cats = {"the cat sat", "a cat in the garden", "the cat ate milk", "Mia saw a cat"};
        String[] dogs = {"the dog ran", "a dog in the park", "the dog ate bread", "Tom saw a dog"};
        List<String> rows = IntStream.range(0, 48)
                .mapToObj(i -> i % 2 == 0 ? cats[i / 2 % 4] + ",cat" : dogs[i / 2 % 4] + ",dog").toList();
        return PetsFinetune.write(dir, rows, "epochs: 3, batchSize: 8, learningRate: 0.003, auxLmWeight: 0, "
                + "classifierDropout: 0", "  checkpoint: {everySteps: 6}\n");
    }

    private static String finalHash(String log) {
        int at = log.indexOf("(hash ");
        return at < 0 ? "" : log.substring(at, log.indexOf(')', at));
    }

    /** The step of the newest complete checkpoint, after checking that `latest` names a complete folder. */
    private static long intactLatest(Path out) throws IOException {
        Path checkpoints = out.resolve("checkpoints");
        String latest = Files.readString(checkpoints.resolve("latest")).trim();
        Path folder = checkpoints.resolve(latest);
        assertThat(folder.resolve("weights.bin")).isRegularFile();
        assertThat(folder.resolve("optimizer.bin")).isRegularFile();
        return CheckpointSteps.of(folder);
    }

    /** Rank 0 finds the corpus missing while rank 1 waits for the data: both end as invalid input, not rank 1 as 3. */
    @Test
    void aRankWaitingForRankZerosBadInputExitsWithItsCode() throws Exception {
        Run run = launch(job(), dir.resolve("bad"), 2, List.of("data.path=" + dir.resolve("no-such-corpus")),
                List.of(), Duration.ofSeconds(30));

        assertThat(run.await()).as(run.err()).isEqualTo(TrainerExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains("exit code 2 (invalid input)", "exited with code 2").doesNotContain("code 3");
        assertThat(Files.readString(dir.resolve("bad/logs/rank-1.log"))).contains("rank 0 failed", "no-such-corpus");
    }

    private static Path awaitCheckpoint(Path out, long after) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path pointer = out.resolve("checkpoints/latest");
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(pointer)) {
                Path folder = out.resolve("checkpoints").resolve(Files.readString(pointer).trim());
                if (CheckpointSteps.of(folder) > after) {
                    return folder;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no checkpoint after step " + after + " within 60 s");
    }

    private Path job() throws IOException {
        Path yaml = dir.resolve("tiny.yaml");
        Files.writeString(yaml, "apiVersion: kubegpt.io/v1alpha1\nkind: GPTPretrain\nmetadata:\n  name: dp-test\n");
        return yaml;
    }

    private static Run launch(Path yaml, Path out, int ranks, List<String> more, List<String> options,
                              Duration grace) {
        List<String> overrides = new ArrayList<>(TINY);
        overrides.addAll(more);
        return launch(List.of("pretrain", yaml.toString(), "--resume"), out, ranks, overrides, options, grace);
    }

    /** {@code command} (the command, its file and options) as {@code ranks} rank processes writing to {@code out}. */
    private static Run launch(List<String> command, Path out, int ranks, List<String> overrides, List<String> options,
                              Duration grace) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--output=" + out, "--threads=1"));
        overrides.forEach(o -> args.add("--set=" + o));
        args.addAll(options);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LocalLauncher launcher = new LocalLauncher(new LocalLauncher.Plan(args, ranks, 1, out.resolve("logs"), grace),
                Map.of(), new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        launcher.start();
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(launcher::await);
        return new Run(launcher, code, err);
    }

    private record Run(LocalLauncher launcher, CompletableFuture<Integer> code, ByteArrayOutputStream errBytes) {
        Process process(int rank) {
            return launcher.processes().get(rank);
        }

        int await() throws Exception {
            return code.get(120, TimeUnit.SECONDS);
        }

        String err() {
            return errBytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static final class CheckpointSteps {
        static long of(Path folder) {
            return Long.parseLong(folder.getFileName().toString().substring("step-".length()));
        }
    }
}
