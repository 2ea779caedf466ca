package io.kubegpt.trainer.session;

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
 * output projection).
 */
public final class OpTimes extends BaseListener {

    private record Total(long nanos, long calls) {
    }

    private final Map<String, Total> totals = new HashMap<>();
    private long started;

    @Override
    public boolean isActive(Operation operation) {
        return operation == Operation.TRAINING;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        started = System.nanoTime();
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
            INDArray[] outputs) {
        long nanos = System.nanoTime() - started;
        String name = op.getOp().opName();
        if (name.startsWith("matmul")) {
            StringBuilder shapes = new StringBuilder(name);
            for (INDArray output : outputs) {
                shapes.append(' ').append(Arrays.toString(output.shape()));
            }
            name = shapes.toString();
        }
        totals.merge(name, new Total(nanos, 1), (a, b) -> new Total(a.nanos + b.nanos, a.calls + b.calls));
    }

    /** Milliseconds per step in all ops over {@code steps} steps. */
    public double opMillisPerStep(int steps) {
        return totals.values().stream().mapToLong(Total::nanos).sum() / 1e6 / steps;
    }

    /**
     * The {@code rows} costliest ops per step over {@code steps} steps of {@code stepMillis} each, then the time
     * outside the ops.
     */
    public String table(int steps, double stepMillis, int rows) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-44s %10s %7s %6s%n", "op (output shapes)",
                "ms/step", "share", "calls"));
        totals.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().nanos, a.getValue().nanos)).limit(rows)
                .forEach(entry -> table.append(String.format(Locale.ROOT, "%-44s %10.2f %6.1f%% %6d%n", entry.getKey(),
                        entry.getValue().nanos / 1e6 / steps, 100 * entry.getValue().nanos / 1e6 / steps / stepMillis,
                        entry.getValue().calls / steps)));
        double outside = stepMillis - opMillisPerStep(steps);
        table.append(String.format(Locale.ROOT, "%-44s %10.2f %6.1f%%%n", "outside the ops", outside,
                100 * outside / stepMillis));
        return table.toString();
    }
}
