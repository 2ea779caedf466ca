package io.kubegpt.trainer.bench;

import io.kubegpt.trainer.model.BatchSource;
import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.optim.GradientReducer;
import io.kubegpt.trainer.optim.LearningRateSchedule;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.runtime.DevicePeak;
import io.kubegpt.trainer.runtime.NativeThreads;
import io.kubegpt.trainer.runtime.PeakMemory;
import io.kubegpt.trainer.runtime.ProcessCpuTime;
import io.kubegpt.trainer.session.OpTimes;
import io.kubegpt.trainer.train.Trainer;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Training throughput of a GPT shape on synthetic tokens: warm-up steps, then the first window of timed steps in which
 * the JVM's compilers were quiet. They compile SameDiff's session code for tens of steps (at GPT-1's width, through
 * step 25), and where OpenMP's threads take every core they take those cores' time: a window they ran in measures the
 * compilers, not training. The CLI's {@code bench} command runs it.
 */
public final class GPTBenchmark {

    public record Result(GPTConfig config, int batch, int threads, int replicas, int warmupSteps, int steps,
                         double compilerShare, double secondsPerStep, double tokensPerSecond, double modelFlopsPerSecond,
                         double peakFlopsPerSecond, long peakResidentBytes) {

        /** Empty where the measured peak is not trustworthy ({@link DevicePeak#utilisation}). */
        public OptionalDouble mfu() {
            return DevicePeak.utilisation(modelFlopsPerSecond, peakFlopsPerSecond);
        }

        @Override
        public String toString() {
            OptionalDouble mfu = mfu();
            return String.format(Locale.ROOT,
                    "RESULT layers=%d dModel=%d heads=%d context=%d batch=%d vocab=%d threads=%d replicas=%d params=%d "
                            + "warmup=%d steps=%d compiler=%.1f%% tokens/s=%.0f ms/step=%.1f model GFLOP/s=%.1f "
                            + "peak matmul GFLOP/s=%.1f MFU=%s peakRSS=%.0f MB",
                    config.layers(), config.dModel(), config.heads(), config.context(), batch, config.vocabSize(), threads,
                    replicas, config.parameterCount(), warmupSteps, steps, 100 * compilerShare, tokensPerSecond,
                    secondsPerStep * 1e3, modelFlopsPerSecond / 1e9, peakFlopsPerSecond / 1e9,
                    mfu.isPresent() ? String.format(Locale.ROOT, "%.1f%%", 100 * mfu.getAsDouble()) : "n/a",
                    peakResidentBytes / 1e6);
        }
    }

    /** A window of timed steps counts where the JVM's compilers ran for at most this share of its wall time. */
    public static final int QUIET_COMPILER_PERCENT = 1;
    /** Windows timed at most; where none was quiet, the last one counts. */
    public static final int MAX_WINDOWS = 8;
    private static final int PROFILE_ROWS = 20;

    /** A window of timed steps: its wall time, the process's CPU time, and the compilers' time over the wall time. */
    record Window(double seconds, double cpuSeconds, double compilerShare) {

        boolean quiet() {
            return compilerShare <= QUIET_COMPILER_PERCENT / 100.0;
        }

        static Window time(Trainer trainer, int firstStep, int steps) {
            long compiling = compilerMillis();
            long start = System.nanoTime();
            long startCpu = ProcessCpuTime.nanos();
            for (int step = firstStep; step < firstStep + steps; step++) {
                trainer.step(step);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Window(seconds, (ProcessCpuTime.nanos() - startCpu) / 1e9,
                    (compilerMillis() - compiling) / 1e3 / seconds);
        }

        /** The time all the JVM's compiler threads have spent compiling, summed; 0 without a compiler. */
        private static long compilerMillis() {
            CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
            return compiler != null && compiler.isCompilationTimeMonitoringSupported()
                    ? compiler.getTotalCompilationTime() : 0;
        }
    }

    private GPTBenchmark() {
    }

    /**
     * At least {@code warmupSteps} untimed steps, then windows of {@code steps} timed steps until one is quiet (see
     * {@link #QUIET_COMPILER_PERCENT}, {@link #MAX_WINDOWS}); the windows before it count as warm-up. With
     * {@code profile} set, one more untimed step first runs each distinct op call alone, the ops of the timed steps are
     * timed too, and their table is printed there.
     */
    public static Result run(GPTConfig config, int batch, int threads, int warmupSteps, int steps,
            PrintStream profile) {
        NativeThreads.set(threads);
        GPT model = new GPT(config, 1);
        BatchSource synthetic = (step, micro) -> randomWindows(config, batch, step);
        Trainer trainer = new Trainer(model, OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-4)),
                model.batches(synthetic), 1, GradientReducer.LOCAL, 0, threads);
        for (int step = 0; step < warmupSteps; step++) {
            trainer.step(step);
        }
        OpTimes times = profile == null ? null : trainer.timeOps();
        int untimed = warmupSteps;
        if (times != null) {
            trainer.step(untimed++);
        }
        Timed timed = firstQuietWindow(untimed, steps, firstStep -> {
            if (times != null) {
                times.startTiming();
            }
            return Window.time(trainer, firstStep, steps);
        });
        Window window = timed.window();
        double secondsPerStep = window.seconds() / steps;
        if (times != null) {
            if (trainer.replicas() > 1) {
                profile.printf(Locale.ROOT, "the ops of replica 1 of %d, one thread each; the other replicas ran beside "
                        + "it, and the cores column counts them too%n", trainer.replicas());
            }
            profile.print(times.table(steps, secondsPerStep * 1e3, window.cpuSeconds() * 1e3 / steps, PROFILE_ROWS));
        }
        double peak = DevicePeak.measure();
        double tokensPerSecond = (double) batch * config.context() / secondsPerStep;
        return new Result(config, batch, threads, trainer.replicas(), timed.firstStep(), steps, window.compilerShare(),
                secondsPerStep, tokensPerSecond, tokensPerSecond * config.flopsPerToken(), peak,
                PeakMemory.residentBytes());
    }

    /** The window that counts, and the step it starts at (the steps before it were warm-up). */
    record Timed(int firstStep, Window window) {
    }

    /**
     * Times windows of {@code steps} steps from {@code warmupSteps} on until one is quiet or {@link #MAX_WINDOWS} have
     * run: {@code timeFrom} times the window starting at the step it is given.
     */
    static Timed firstQuietWindow(int warmupSteps, int steps, IntFunction<Window> timeFrom) {
        int firstStep = warmupSteps;
        for (int windows = 1; ; windows++, firstStep += steps) {
            Window window = timeFrom.apply(firstStep);
            if (window.quiet() || windows == MAX_WINDOWS) {
                return new Timed(firstStep, window);
            }
        }
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
