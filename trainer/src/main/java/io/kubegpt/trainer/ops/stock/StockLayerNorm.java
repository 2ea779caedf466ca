package io.kubegpt.trainer.ops.stock;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * LayerNorm over the last dimension of a [rows, d] input as in GPT-1:
 * {@code gain * (x - mean) / sqrt(variance + 1e-5) + bias}, the variance without Bessel's correction.
 *
 * <p>libnd4j's {@code layer_norm} takes no epsilon: a constant row is 0/0 there (its forward hides the NaN, its
 * gradient does not). So the statistics, the standardisation (libnd4j's {@code batchnorm}, which does take one)
 * and the gain and bias are four ops, each with a gradient of its own.
 */
public final class StockLayerNorm {

    public static final double EPSILON = 1e-5;

    private StockLayerNorm() {
    }

    public static SDVariable apply(SameDiff sameDiff, SDVariable x, SDVariable gain, SDVariable bias) {
        SDVariable[] moments = new RowMoments(sameDiff, x).outputVariables();
        SDVariable normalised = new Standardization(sameDiff, x, moments[0], moments[1], EPSILON).outputVariable();
        SDVariable scaled = new GainMultiplication(sameDiff, normalised, gain).outputVariable();
        return new BiasAddition(sameDiff, scaled, bias).outputVariable();
    }
}
