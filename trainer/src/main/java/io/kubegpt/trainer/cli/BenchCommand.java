package io.kubegpt.trainer.cli;

import io.kubegpt.trainer.bench.GPTBenchmark;
import io.kubegpt.trainer.bench.ModelShape;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.ops.fused.Kernels;
import io.kubegpt.trainer.report.DeviceInfo;
import io.kubegpt.trainer.runtime.DevicePeak;
import io.kubegpt.trainer.runtime.NativeBinaries;
import io.kubegpt.trainer.runtime.NativeThreads;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Training throughput of a model shape on synthetic tokens: tokens/s, ms/step, MFU",
            "and peak RSS, in steady state: timed in the first window of --steps steps, after",
            "the warm-up, in which the JVM's compilers ran for at most "
                + GPTBenchmark.QUIET_COMPILER_PERCENT + "%% of the time",
            "(RESULT's warmup= and compiler= say which). Defaults: the reference shape."})
final class BenchCommand implements Callable<Integer> {

    @Mixin
    ModelShape shape = new ModelShape();

    @Option(names = "--batch", defaultValue = "8", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--dropout", defaultValue = "0", description = "Dropout (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--threads", description = "CPU threads (default: all cores); a step runs as that many "
            + "replicas of its passes, one thread each, where the batch divides evenly (RESULT says replicas=).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--warmup", defaultValue = "100",
            description = "Untimed steps first, at least (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--steps", defaultValue = "50", description = "Timed steps, a window (default: ${DEFAULT-VALUE}); "
            + "a window in which the JVM's compilers were busy counts as warm-up, and up to " + GPTBenchmark.MAX_WINDOWS
            + " are timed.")
    int steps;

    @Option(names = "--profile", description = "Also print the time of each op per timed step (the timing itself "
            + "costs a little) beside its time alone (each distinct call run again in an extra untimed step), and "
            + "the time outside the ops.")
    boolean profile;

    @Override
    public Integer call() {
        GPTConfig config = shape.config(dropout);
        NativeThreads.set(threads);
        System.out.println(DeviceInfo.current(threads).device() + ", native binary " + NativeBinaries.binary()
                + ", OpenMP threads " + NativeThreads.openMpThreads()
                + (NativeThreads.openMpBound() ? " bound to cores" : "") + ", "
                + (Kernels.available() ? "fused kernels" : "stock ops (no fused kernels)"));
        GPTBenchmark.Result result = GPTBenchmark.run(config, batch, threads, warmup, steps,
                profile ? System.out : null);
        System.out.println("MFU counts " + GPTConfig.FLOPS_METHOD + " against " + DevicePeak.METHOD);
        System.out.println(result);
        return 0;
    }
}
