package io.kubegpt.trainer.bench;

import io.kubegpt.trainer.distributed.BucketedAllReduce;
import io.kubegpt.trainer.distributed.DistributedSettings;
import io.kubegpt.trainer.distributed.GlooRankGroup;
import io.kubegpt.trainer.distributed.JobAttempt;
import io.kubegpt.trainer.distributed.LocalLauncher;
import io.kubegpt.trainer.distributed.RankEnvironment;
import io.kubegpt.trainer.distributed.RankGroup;
import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.optim.GradientReducer;
import io.kubegpt.trainer.optim.LearningRateSchedule;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.runtime.NativeBinaries;
import io.kubegpt.trainer.runtime.NativeThreads;
import io.kubegpt.trainer.train.Trainer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Data-parallel scaling on this machine, each configuration in fresh processes (native thread pools are sized
 * when they load): 1 rank x 1 thread at the per-rank batch, 1 rank x T threads at the global batch, and R ranks x
 * 1 thread at the global batch (R processes, Gloo over loopback). Prints tokens/s of each, the scaling efficiency
 * tokens/s(R x 1) / (R x tokens/s(1 x 1)), and the share of step time the ranks spend in the gradient all-reduce
 * (waiting for the slower rank included). The configurations take turns for {@code --rounds} rounds and the
 * medians are reported, so a slow minute of a shared machine does not decide the ratio; the warm-up outlasts the
 * JIT compiler, whose threads would otherwise take cores from the ranks. {@code --help} lists the options.
 */
@Command(name = "DataParallelBenchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Data-parallel scaling on this machine: 1 rank x 1 thread, 1 rank x R threads, R ranks x 1 "
                + "thread.")
public final class DataParallelBenchmark implements Callable<Integer> {

    private static final String CHILD = "--child";

    /** What every rank process trains, passed on to it as these options. */
    static final class Workload {

        @Mixin
        ModelShape shape = new ModelShape();

        @Option(names = "--warmup", defaultValue = "100",
                description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--steps", defaultValue = "40", description = "Timed steps (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--bucket-mb", description = "Largest gradient bucket of one collective call "
                + "(default: ${DEFAULT-VALUE}).")
        double bucketMegabytes = DistributedSettings.DEFAULT_BUCKET_BYTES / (double) (1 << 20);

        GPTConfig config() {
            return shape.config(0);
        }

        /** The command line that parses back to these options. */
        List<String> arguments() {
            return CommandSpec.forAnnotatedObject(this).options().stream()
                    .filter(option -> option.getValue() != null)
                    .map(option -> option.longestName() + "=" + option.getValue()).toList();
        }
    }

    @Mixin
    Workload workload = new Workload();

    @Option(names = "--global-batch", defaultValue = "16", description = "Sequences per step over all ranks "
            + "(default: ${DEFAULT-VALUE}).")
    int globalBatch;

    @Option(names = "--ranks", defaultValue = "2", description = "Ranks R (default: ${DEFAULT-VALUE}).")
    int ranks;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds whose medians are reported "
            + "(default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--with-threads", arity = "1", defaultValue = "true", description = "false skips the 1 rank x R "
            + "threads run (slow and meaningless on a busy machine, where its OpenMP threads spin; default: "
            + "${DEFAULT-VALUE}).")
    boolean withThreads;

    @Option(names = CHILD, hidden = true, description = "Set for the rank processes the benchmark starts.")
    boolean child;

    @Option(names = "--batch", hidden = true, description = "A rank process's batch.")
    int batch;

    @Option(names = "--threads", hidden = true, defaultValue = "1", description = "A rank process's threads.")
    int threads;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DataParallelBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (child) {
            runRank();
        } else {
            orchestrate();
        }
        return 0;
    }

    private void orchestrate() throws Exception {
        int perRank = globalBatch / ranks;
        System.out.printf(Locale.ROOT, "load average before: %s%n", loadAverage());
        double[][] oneByOne = new double[rounds][];
        double[][] oneByMany = new double[rounds][];
        double[][] many = new double[rounds][];
        for (int round = 0; round < rounds; round++) {
            oneByOne[round] = launch(1, 1, perRank);
            oneByMany[round] = withThreads ? launch(1, ranks, globalBatch) : new double[] {Double.NaN};
            many[round] = launch(ranks, 1, perRank);
            System.out.printf(Locale.ROOT, "round %d: 1 x 1 %.0f, 1 x %d %.0f, %d x 1 %.0f tokens/s (efficiency %.1f%%)%n",
                    round + 1, oneByOne[round][0], ranks, oneByMany[round][0], ranks, many[round][0],
                    100 * many[round][0] / (ranks * oneByOne[round][0]));
        }
        double single = median(oneByOne, 0);
        double threaded = median(oneByMany, 0);
        double parallel = median(many, 0);
        double collectiveMillis = median(many, 1);
        double stepMillis = median(many, 2);
        double transferMillis = median(many, 4);
        System.out.printf(Locale.ROOT, "medians of %d round(s):%n", rounds);
        System.out.printf(Locale.ROOT, "1 rank x 1 thread, batch %d: %.0f tokens/s%n", perRank, single);
        if (withThreads) {
            System.out.printf(Locale.ROOT, "1 rank x %d threads, batch %d: %.0f tokens/s%n", ranks, globalBatch,
                    threaded);
        }
        System.out.printf(Locale.ROOT, "%d ranks x 1 thread, batch %d each (global %d): %.0f tokens/s, all-reduce %.1f%% "
                + "of step time (%.1f ms of %.1f ms per step, %d bucket(s) per step)%n", ranks, perRank, globalBatch,
                parallel, 100 * collectiveMillis / stepMillis, collectiveMillis, stepMillis, (long) many[0][3]);
        System.out.printf(Locale.ROOT, "all-reduce of all %.1f MB of gradients with the ranks in step: %.1f ms (%.1f%% of "
                + "a step); the rest of the time above is one rank waiting for the slower%n",
                workload.config().parameterCount() * 4 / 1e6, transferMillis, 100 * transferMillis / stepMillis);
        System.out.printf(Locale.ROOT, "scaling efficiency %d x 1 vs %d x (1 x 1): %.1f%%; %d ranks x 1 thread vs 1 rank x %d "
                + "threads: %.2fx%n", ranks, ranks, 100 * parallel / (ranks * single), ranks, ranks, parallel / threaded);
        System.out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
    }

    private static double median(double[][] results, int column) {
        double[] values = Arrays.stream(results).mapToDouble(result -> result[column]).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /** Runs {@code processCount} rank processes, each with these threads and batch; returns rank 0's numbers. */
    private double[] launch(int processCount, int threadsEach, int batchEach) throws Exception {
        int port = LocalLauncher.freePort();
        List<Process> processes = new ArrayList<>();
        for (int rank = 0; rank < processCount; rank++) {
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                    DataParallelBenchmark.class.getName(), CHILD, "--batch=" + batchEach, "--threads=" + threadsEach));
            command.addAll(workload.arguments());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (processCount > 1) {
                builder.environment().putAll(new RankEnvironment("127.0.0.1", port, processCount, rank).variables());
            }
            builder.environment().put("OMP_NUM_THREADS", Integer.toString(threadsEach));
            builder.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threadsEach));
            builder.environment().put("TORCH_CPP_LOG_LEVEL", "ERROR");
            processes.add(builder.start());
        }
        double[] result = null;
        for (int rank = 0; rank < processCount; rank++) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(processes.get(rank).getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("RESULT ")) {
                        String[] cells = line.substring(7).trim().split(" ");
                        double[] values = new double[cells.length];
                        for (int i = 0; i < cells.length; i++) {
                            values[i] = Double.parseDouble(cells[i]);
                        }
                        if (rank == 0) {
                            result = values;
                        }
                    } else if (line.startsWith("error") || line.contains("Exception")) {
                        System.err.println("[rank " + rank + "] " + line);
                    }
                }
            }
            int code = processes.get(rank).waitFor();
            if (code != 0) {
                throw new IllegalStateException("benchmark rank " + rank + " exited with " + code);
            }
        }
        return result;
    }

    private void runRank() {
        NativeBinaries.select();
        NativeThreads.set(threads);
        GPTConfig config = workload.config();
        int warmup = workload.warmup;
        int steps = workload.steps;
        Optional<RankEnvironment> env = RankEnvironment.from(System.getenv());
        RankGroup group = env.<RankGroup>map(e -> GlooRankGroup.join(e, JobAttempt.from(System.getenv()),
                DistributedSettings.defaults()))
                .orElse(RankGroup.single());
        try (group) {
            BucketedAllReduce allReduce = group.worldSize() > 1
                    ? new BucketedAllReduce(group, (long) (workload.bucketMegabytes * (1 << 20))) : null;
            int rank = group.rank();
            GPT model = new GPT(config, 1);
            Trainer trainer = new Trainer(model, OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-4)),
                    model.batches((step, micro) -> GPTBenchmark.randomWindows(config, batch, step * 1000 + rank)), 1,
                    allReduce != null ? allReduce : GradientReducer.LOCAL, rank, threads);
            for (int step = 0; step < warmup; step++) {
                group.sum(trainer.step(step));
            }
            long collectiveBefore = allReduce == null ? 0 : allReduce.collectiveNanos();
            long callsBefore = allReduce == null ? 0 : allReduce.calls();
            long start = System.nanoTime();
            for (int step = warmup; step < warmup + steps; step++) {
                group.sum(trainer.step(step));
            }
            long elapsed = System.nanoTime() - start;
            long collective = allReduce == null ? 0 : allReduce.collectiveNanos() - collectiveBefore;
            double tokensPerSecond = (double) batch * group.worldSize() * config.context() * steps / (elapsed / 1e9);
            // the transfer alone, ranks already in step: all-reduce a buffer the size of all gradients back to back
            double transferMillis = 0;
            if (group.worldSize() > 1) {
                org.nd4j.linalg.api.ndarray.INDArray buffer = org.nd4j.linalg.factory.Nd4j.zeros(
                        org.nd4j.linalg.api.buffer.DataType.FLOAT, config.parameterCount());
                for (int i = 0; i < 3; i++) {
                    group.allReduceSum(buffer);
                }
                long t0 = System.nanoTime();
                for (int i = 0; i < 10; i++) {
                    group.allReduceSum(buffer);
                }
                transferMillis = (System.nanoTime() - t0) / 1e6 / 10;
            }
            System.out.printf(Locale.ROOT, "RESULT %.3f %.3f %.3f %d %.3f%n", tokensPerSecond,
                    collective / 1e6 / steps, elapsed / 1e6 / steps,
                    allReduce == null ? 0 : (allReduce.calls() - callsBefore) / steps, transferMillis);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
