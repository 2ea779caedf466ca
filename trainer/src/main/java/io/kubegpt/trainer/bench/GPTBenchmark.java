package io.kubegpt.trainer.bench;

import io.kubegpt.trainer.model.BatchSource;
import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.optim.LearningRateSchedule;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.runtime.DevicePeak;
import io.kubegpt.trainer.runtime.NativeThreads;
import io.kubegpt.trainer.runtime.PeakMemory;
import io.kubegpt.trainer.runtime.ProcessCpuTime;
import io.kubegpt.trainer.session.OpTimes;
import io.kubegpt.trainer.train.Trainer;
import java.io.PrintStream;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Training throughput of a GPT shape on synthetic tokens: warm-up steps (SameDiff keeps speeding up for about
 * a hundred), then timed steps. The CLI's {@code bench} command runs it.
 */
public final class GPTBenchmark {

    public record Result(GPTConfig config, int batch, int threads, int steps, double secondsPerStep,
                         double tokensPerSecond, double modelFlopsPerSecond, double peakFlopsPerSecond,
                         long peakResidentBytes) {

        /** Empty where the measured peak is not trustworthy ({@link DevicePeak#utilisation}). */
        public OptionalDouble mfu() {
            return DevicePeak.utilisation(modelFlopsPerSecond, peakFlopsPerSecond);
        }

        @Override
        public String toString() {
            OptionalDouble mfu = mfu();
            return String.format(Locale.ROOT,
                    "RESULT layers=%d dModel=%d heads=%d context=%d batch=%d vocab=%d threads=%d params=%d steps=%d "
                            + "tokens/s=%.0f ms/step=%.1f model GFLOP/s=%.1f peak matmul GFLOP/s=%.1f MFU=%s peakRSS=%.0f MB",
                    config.layers(), config.dModel(), config.heads(), config.context(), batch, config.vocabSize(), threads,
                    config.parameterCount(), steps, tokensPerSecond, secondsPerStep * 1e3, modelFlopsPerSecond / 1e9,
                    peakFlopsPerSecond / 1e9,
                    mfu.isPresent() ? String.format(Locale.ROOT, "%.1f%%", 100 * mfu.getAsDouble()) : "n/a",
                    peakResidentBytes / 1e6);
        }
    }

    private static final int PROFILE_ROWS = 20;

    private GPTBenchmark() {
    }

    public static Result run(GPTConfig config, int batch, int threads, int warmupSteps, int steps) {
        return run(config, batch, threads, warmupSteps, steps, null);
    }

    /**
     * With {@code profile} set, one more untimed step runs each distinct op call alone, the ops of the timed steps
     * are timed too, and their table is printed there.
     */
    public static Result run(GPTConfig config, int batch, int threads, int warmupSteps, int steps,
            PrintStream profile) {
        NativeThreads.set(threads);
        BatchSource synthetic = (step, micro) -> randomWindows(config, batch, step);
        Trainer trainer = new Trainer(new GPT(config, 1), OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-4)), synthetic, 1);
        for (int step = 0; step < warmupSteps; step++) {
            trainer.step(step);
        }
        OpTimes times = null;
        if (profile != null) {
            times = trainer.timeOps();
            trainer.step(warmupSteps);
            times.startTiming();
        }
        long start = System.nanoTime();
        long startCpu = ProcessCpuTime.nanos();
        for (int step = warmupSteps; step < warmupSteps + steps; step++) {
            trainer.step(step);
        }
        double secondsPerStep = (System.nanoTime() - start) / 1e9 / steps;
        if (times != null) {
            double cpuMillisPerStep = (ProcessCpuTime.nanos() - startCpu) / 1e6 / steps;
            profile.print(times.table(steps, secondsPerStep * 1e3, cpuMillisPerStep, PROFILE_ROWS));
        }
        double peak = DevicePeak.measure();
        double tokensPerSecond = (double) batch * config.context() / secondsPerStep;
        return new Result(config, batch, threads, steps, secondsPerStep, tokensPerSecond,
                tokensPerSecond * config.flopsPerToken(), peak, PeakMemory.residentBytes());
    }

    /** {@code batch} windows of context + 1 uniformly random tokens, the same for the same seed. */
    public static int[][] randomWindows(GPTConfig config, int batch, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] windows = new int[batch][config.context() + 1];
        for (int[] window : windows) {
            for (int i = 0; i < window.length; i++) {
                window[i] = random.nextInt(config.vocabSize());
            }
        }
        return windows;
    }
}
