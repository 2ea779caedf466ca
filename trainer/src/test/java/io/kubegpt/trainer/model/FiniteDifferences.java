package io.kubegpt.trainer.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.LongStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Analytic gradients against central finite differences of a double-precision loss. */
public final class FiniteDifferences {

    static final double STEP = 1e-6;
    static final double TOLERANCE = 1e-5;
    /** Rounding leaves about 1e-9 of noise in a central difference of a loss of a few units at this step. */
    static final double SMALLEST_SCALE = 1e-3;

    private FiniteDifferences() {
    }

    /** Which entries of a parameter to check. */
    @FunctionalInterface
    public interface Entries {
        long[] of(String name, INDArray parameter);
    }

    /** Every entry of tensors up to 24 entries, 24 seeded random entries of larger ones. */
    public static Entries smallOrSampled(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return (name, parameter) -> parameter.length() <= 24 ? LongStream.range(0, parameter.length()).toArray()
                : random.longs(24, 0, parameter.length()).toArray();
    }

    /**
     * The entries where {@code gradients} and the central difference of {@code loss} in {@code parameters} differ by
     * more than the tolerance (relative, to at least {@link #SMALLEST_SCALE}), one line each; empty when all match. Each parameter is
     * restored after it is moved.
     */
    public static List<String> mismatches(Map<String, INDArray> parameters, Map<String, INDArray> gradients,
                                          DoubleSupplier loss, Entries entries) {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, INDArray> entry : parameters.entrySet()) {
            INDArray parameter = entry.getValue();
            INDArray gradient = gradients.get(entry.getKey());
            for (long index : entries.of(entry.getKey(), parameter)) {
                double original = parameter.getDouble(index);
                parameter.putScalar(index, original + STEP);
                double plus = loss.getAsDouble();
                parameter.putScalar(index, original - STEP);
                double minus = loss.getAsDouble();
                parameter.putScalar(index, original);
                double numeric = (plus - minus) / (2 * STEP);
                double analytic = gradient.getDouble(index);
                double error = Math.abs(numeric - analytic) / Math.max(SMALLEST_SCALE, Math.abs(numeric) + Math.abs(analytic));
                if (!(error <= TOLERANCE)) {
                    failures.add(entry.getKey() + "[" + index + "]: analytic " + analytic + " numeric " + numeric);
                }
            }
        }
        return failures;
    }
}
