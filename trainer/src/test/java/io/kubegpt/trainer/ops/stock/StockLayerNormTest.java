package io.kubegpt.trainer.ops.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** FusedLayerNorm with epsilon 1e-5, in double precision: a constant row, a nearly constant row and a spread one. */
class StockLayerNormTest {

    private static final double[][] ROWS = {
            {3, 3, 3, 3, 3},
            {1, 1.0001, 1.0002, 0.9999, 1},
            {-1.5, 0.25, 2, 0.5, -0.75},
    };
    private static final double[] GAIN = {1.5, 0.5, 2, 1, -0.5};
    private static final double[] BIAS = {0.1, 0.2, 0.3, 0.4, 0.5};
    /** Weights of the outputs in the loss, so every output has its own gradient. */
    private static final double[][] WEIGHTS = {
            {1, -2, 3, 0.5, 0.7},
            {0.3, 1, -1, 2, -0.4},
            {-0.6, 0.9, 0.2, -1.1, 1.3},
    };

    private final SameDiff sd = SameDiff.create();

    StockLayerNormTest() {
        SDVariable y = StockLayerNorm.apply(sd, sd.var("x", Nd4j.createFromArray(ROWS)),
                sd.var("gain", Nd4j.createFromArray(GAIN)), sd.var("bias", Nd4j.createFromArray(BIAS)));
        sd.identity("y", y);
        y.mul(sd.constant(Nd4j.createFromArray(WEIGHTS))).sum().rename("loss");
        sd.setLossVariables("loss");
    }

    @Test
    void forwardIsGainTimesCentredOverSqrtOfVariancePlusEpsilonPlusBias() {
        INDArray y = sd.output(Map.of(), "y").get("y");
        for (int row = 0; row < ROWS.length; row++) {
            double mean = java.util.Arrays.stream(ROWS[row]).average().orElseThrow();
            double variance = java.util.Arrays.stream(ROWS[row]).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
            for (int column = 0; column < GAIN.length; column++) {
                double expected = (ROWS[row][column] - mean) / Math.sqrt(variance + 1e-5) * GAIN[column] + BIAS[column];
                assertThat(y.getDouble(row, column)).as("row %d column %d", row, column).isCloseTo(expected, within(1e-12));
            }
        }
    }

    @Test
    void gradientsAreFiniteAndMatchFiniteDifferences() {
        Map<String, INDArray> gradients = sd.calculateGradients(Map.of(), "x", "gain", "bias");
        for (String name : gradients.keySet()) {
            INDArray parameter = sd.getArrForVarName(name);
            INDArray gradient = gradients.get(name);
            assertThat(gradient.isNaN().any() || gradient.isInfinite().any()).as(name).isFalse();
            for (long i = 0; i < parameter.length(); i++) {
                double original = parameter.getDouble(i);
                double h = 1e-7;
                parameter.putScalar(i, original + h);
                double plus = loss();
                parameter.putScalar(i, original - h);
                double minus = loss();
                parameter.putScalar(i, original);
                double numeric = (plus - minus) / (2 * h);
                assertThat(gradient.getDouble(i)).as("%s[%d]", name, i)
                        .isCloseTo(numeric, within(1e-6 * Math.max(1, Math.abs(numeric))));
            }
        }
    }

    private double loss() {
        return sd.output(Map.of(), "loss").get("loss").getDouble(0);
    }
}
