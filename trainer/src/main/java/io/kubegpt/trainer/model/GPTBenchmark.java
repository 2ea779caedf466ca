package io.kubegpt.trainer.model;

import io.kubegpt.trainer.optim.LearningRateSchedule;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.train.BatchSource;
import io.kubegpt.trainer.train.MatmulPeak;
import io.kubegpt.trainer.train.NativeBinaries;
import io.kubegpt.trainer.train.NativeThreads;
import io.kubegpt.trainer.train.PeakMemory;
import io.kubegpt.trainer.train.Trainer;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Training throughput of a GPT shape on synthetic tokens: warm-up steps (SameDiff keeps speeding up for about
 * a hundred), then timed steps. Usage:
 * {@code GPTBenchmark [--layers 4] [--dmodel 256] [--heads 8] [--ffn 4*dmodel] [--context 128] [--batch 8]
 * [--vocab 256] [--dropout 0] [--threads 2] [--warmup 100] [--steps 50]}.
 * Set OMP_NUM_THREADS to the same thread count in the environment: the native pool is sized when it loads.
 */
public final class GPTBenchmark {

    public record Result(GPTConfig config, int batch, int threads, int steps, double secondsPerStep,
                         double tokensPerSecond, double modelFlopsPerSecond, double peakFlopsPerSecond,
                         long peakResidentBytes) {

        public double mfu() {
            return modelFlopsPerSecond / peakFlopsPerSecond;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "RESULT layers=%d dModel=%d heads=%d context=%d batch=%d vocab=%d threads=%d params=%d steps=%d "
                            + "tokens/s=%.0f ms/step=%.1f model GFLOP/s=%.1f peak sgemm GFLOP/s=%.1f MFU=%.1f%% peakRSS=%.0f MB",
                    config.layers(), config.dModel(), config.heads(), config.context(), batch, config.vocabSize(), threads,
                    config.parameterCount(), steps, tokensPerSecond, secondsPerStep * 1e3, modelFlopsPerSecond / 1e9,
                    peakFlopsPerSecond / 1e9, 100 * mfu(), peakResidentBytes / 1e6);
        }
    }

    private GPTBenchmark() {
    }

    public static Result run(GPTConfig config, int batch, int threads, int warmupSteps, int steps) {
        NativeThreads.set(threads);
        double peak = MatmulPeak.flopsPerSecond();
        BatchSource synthetic = (step, micro) -> randomWindows(config, batch, step);
        Trainer trainer = new Trainer(new GPT(config, 1), OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-4)), synthetic, 1);
        for (int step = 0; step < warmupSteps; step++) {
            trainer.step(step);
        }
        long start = System.nanoTime();
        for (int step = warmupSteps; step < warmupSteps + steps; step++) {
            trainer.step(step);
        }
        double secondsPerStep = (System.nanoTime() - start) / 1e9 / steps;
        double tokensPerSecond = (double) batch * config.context() / secondsPerStep;
        return new Result(config, batch, threads, steps, secondsPerStep, tokensPerSecond,
                tokensPerSecond * config.flopsPerToken(), peak, PeakMemory.residentBytes());
    }

    private static int[][] randomWindows(GPTConfig config, int batch, long step) {
        SplittableRandom random = new SplittableRandom(step);
        int[][] windows = new int[batch][config.context() + 1];
        for (int[] window : windows) {
            for (int i = 0; i < window.length; i++) {
                window[i] = random.nextInt(config.vocabSize());
            }
        }
        return windows;
    }

    public static void main(String[] args) {
        String nativeBinary = NativeBinaries.select();
        NativeThreads.waitPassivelyUnlessConfigured();
        int layers = 4, dModel = 256, heads = 8, ffn = -1, context = 128, batch = 8, vocab = 256, threads = 2;
        int warmup = 100, steps = 50;
        double dropout = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--layers" -> layers = Integer.parseInt(value);
                case "--dmodel" -> dModel = Integer.parseInt(value);
                case "--heads" -> heads = Integer.parseInt(value);
                case "--ffn" -> ffn = Integer.parseInt(value);
                case "--context" -> context = Integer.parseInt(value);
                case "--batch" -> batch = Integer.parseInt(value);
                case "--vocab" -> vocab = Integer.parseInt(value);
                case "--dropout" -> dropout = Double.parseDouble(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--steps" -> steps = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        GPTConfig config = new GPTConfig(vocab, context, layers, dModel, heads, ffn > 0 ? ffn : 4 * dModel, dropout,
                GPTConfig.GPT1_INIT_STD);
        System.out.println("native binary: linux-x86_64" + nativeBinary + ", OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS"));
        System.out.println(run(config, batch, threads, warmup, steps));
    }
}
