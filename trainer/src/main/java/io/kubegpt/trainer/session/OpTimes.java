package io.kubegpt.trainer.session;

import io.kubegpt.trainer.runtime.ProcessCpuTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Wall time of every op the training passes run, by op, from the moment it is attached: where a step's time goes,
 * and how much of it is outside the ops (SameDiff's session, handing the gradients over, the update). Matrix
 * products are told apart by their output shapes, which name the layer (a [tokens, vocabulary] product is the
 * output projection). Beside each, the cores it kept busy (the process's CPU time over the wall time): below the
 * thread count, a thread waited.
 */
public final class OpTimes extends BaseListener {

    private record Total(long nanos, long cpuNanos, long calls) {
        Total plus(Total other) {
            return new Total(nanos + other.nanos, cpuNanos + other.cpuNanos, calls + other.calls);
        }
    }

    private final Map<String, Total> totals = new HashMap<>();
    private long started;
    private long startedCpu;

    @Override
    public boolean isActive(Operation operation) {
        return operation == Operation.TRAINING;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        started = System.nanoTime();
        startedCpu = ProcessCpuTime.nanos();
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
            INDArray[] outputs) {
        long nanos = System.nanoTime() - started;
        long cpuNanos = ProcessCpuTime.nanos() - startedCpu;
        String name = op.getOp().opName();
        if (name.startsWith("matmul")) {
            StringBuilder shapes = new StringBuilder(name);
            for (INDArray output : outputs) {
                shapes.append(' ').append(Arrays.toString(output.shape()));
            }
            name = shapes.toString();
        }
        totals.merge(name, new Total(nanos, cpuNanos, 1), Total::plus);
    }

    /** Milliseconds per step in all ops over {@code steps} steps. */
    public double opMillisPerStep(int steps) {
        return totals.values().stream().mapToLong(Total::nanos).sum() / 1e6 / steps;
    }

    /**
     * The {@code rows} costliest ops per step over {@code steps} steps of {@code stepMillis} each, in which the
     * process used {@code stepCpuMillis} of CPU; then the time outside the ops and the whole step.
     */
    public String table(int steps, double stepMillis, double stepCpuMillis, int rows) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-44s %10s %7s %6s %6s%n",
                "op (output shapes)", "ms/step", "share", "cores", "calls"));
        totals.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().nanos, a.getValue().nanos)).limit(rows)
                .forEach(entry -> table.append(row(entry.getKey(), entry.getValue().nanos / 1e6 / steps,
                        entry.getValue().cpuNanos / 1e6 / steps, stepMillis)).append(String.format(Locale.ROOT,
                                " %6d%n", entry.getValue().calls / steps)));
        double outside = stepMillis - opMillisPerStep(steps);
        double outsideCpu = stepCpuMillis - totals.values().stream().mapToLong(Total::cpuNanos).sum() / 1e6 / steps;
        table.append(row("outside the ops", outside, outsideCpu, stepMillis)).append(System.lineSeparator());
        table.append(row("whole step", stepMillis, stepCpuMillis, stepMillis)).append(System.lineSeparator());
        return table.toString();
    }

    private static String row(String name, double millis, double cpuMillis, double stepMillis) {
        return String.format(Locale.ROOT, "%-44s %10.2f %6.1f%% %6.2f", name, millis, 100 * millis / stepMillis,
                cpuMillis / millis);
    }
}
