package io.kubegpt.trainer.session;

import io.kubegpt.trainer.runtime.ProcessCpuTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Wall time of every op the training passes run, by op, from {@link #startTiming()} on: where a step's time goes,
 * and how much of it is outside the ops (SameDiff's session, handing the gradients over, the update). Matrix
 * products are told apart by their input shapes, which name the layer (a [vocabulary, d] weight is the output
 * projection). Beside each, the cores it kept busy (the process's CPU time over the wall time): below the thread
 * count, a thread waited. And what the op takes alone: in the first step after attaching, which is not timed, each
 * distinct call (op and input shapes) runs again {@link #ALONE_CALLS} times in a row on its own arrays; the median,
 * times how often the timed steps made that call. An op that takes longer in the step than alone loses time to what
 * runs around it (the caches, the threads' waking, other threads on the cores).
 */
public final class OpTimes extends BaseListener {

    private record Total(long nanos, long cpuNanos) {
        Total plus(Total other) {
            return new Total(nanos + other.nanos, cpuNanos + other.cpuNanos);
        }
    }

    /** How often each distinct call runs alone. */
    static final int ALONE_CALLS = 5;

    private final Map<String, Total> totals = new HashMap<>();
    /** By op (as in {@link #totals}) and input shapes, the median time of the call alone, in nanoseconds. */
    private final Map<String, Map<String, Long>> alone = new HashMap<>();
    /** By op and input shapes, the calls in the timed steps. */
    private final Map<String, Map<String, Long>> calls = new HashMap<>();
    private boolean timing;
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
        List<String> inputShapes = opContext.getInputArrays().stream().map(input -> Arrays.toString(input.shape()))
                .toList();
        if (name.startsWith("matmul")) {
            name = name + " " + String.join(" ", inputShapes.subList(0, 2));
        }
        String call = String.join(" ", inputShapes);
        if (!timing) {
            if (op.getOp() instanceof CustomOp custom) {
                alone.computeIfAbsent(name, n -> new HashMap<>())
                        .computeIfAbsent(call, c -> medianNanos(custom, opContext));
            }
            return;
        }
        calls.computeIfAbsent(name, n -> new HashMap<>()).merge(call, 1L, Long::sum);
        totals.merge(name, new Total(nanos, cpuNanos), Total::plus);
    }

    /**
     * Ends the step that runs each distinct call alone (the first after attaching: its outputs are written again,
     * with the same inputs, before any later op reads them) and starts timing the steps after it, from zero.
     */
    public void startTiming() {
        timing = true;
        totals.clear();
        calls.clear();
    }

    private static long medianNanos(CustomOp op, OpContext context) {
        long[] nanos = new long[ALONE_CALLS];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            Nd4j.getExecutioner().exec(op, context);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[nanos.length / 2];
    }

    /** Milliseconds per step in all ops over {@code steps} steps. */
    public double opMillisPerStep(int steps) {
        return totals.values().stream().mapToLong(Total::nanos).sum() / 1e6 / steps;
    }

    /**
     * The {@code rows} costliest ops per step over {@code steps} steps of {@code stepMillis} each, in which the
     * process used {@code stepCpuMillis} of CPU, each beside its time alone; then the time outside the ops and the
     * whole step.
     */
    public String table(int steps, double stepMillis, double stepCpuMillis, int rows) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-44s %10s %7s %6s %9s %6s%n",
                "op (input shapes of products)", "ms/step", "share", "cores", "alone", "calls"));
        totals.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().nanos, a.getValue().nanos)).limit(rows)
                .forEach(entry -> table.append(row(entry.getKey(), entry.getValue().nanos / 1e6 / steps,
                        entry.getValue().cpuNanos / 1e6 / steps, stepMillis)).append(String.format(Locale.ROOT,
                                " %9s %6d%n", alone(entry.getKey(), steps), calls(entry.getKey()) / steps)));
        double outside = stepMillis - opMillisPerStep(steps);
        double outsideCpu = stepCpuMillis - totals.values().stream().mapToLong(Total::cpuNanos).sum() / 1e6 / steps;
        table.append(row("outside the ops", outside, outsideCpu, stepMillis)).append(System.lineSeparator());
        table.append(row("whole step", stepMillis, stepCpuMillis, stepMillis)).append(System.lineSeparator());
        return table.toString();
    }

    /** The calls of {@code op} in the timed steps, all input shapes together. */
    private long calls(String op) {
        return calls.get(op).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Milliseconds per step of {@code op}'s calls run alone, or "-" where one was not run alone. */
    private String alone(String op, int steps) {
        Map<String, Long> medians = alone.getOrDefault(op, Map.of());
        Map<String, Long> counts = calls.get(op);
        if (!medians.keySet().containsAll(counts.keySet())) {
            return "-";
        }
        double nanos = counts.entrySet().stream()
                .mapToDouble(call -> medians.get(call.getKey()) * call.getValue()).sum();
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6 / steps);
    }

    private static String row(String name, double millis, double cpuMillis, double stepMillis) {
        return String.format(Locale.ROOT, "%-44s %10.2f %6.1f%% %6.2f", name, millis, 100 * millis / stepMillis,
                cpuMillis / millis);
    }
}
