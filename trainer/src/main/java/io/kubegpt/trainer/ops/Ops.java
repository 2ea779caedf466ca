package io.kubegpt.trainer.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layers a model builds into one SameDiff graph, on the custom ops of this package where the stock ones fail
 * (see each op for how). Parameters are created as variables named after the layer: {@code name_weight} drawn
 * from N(0, initStd), {@code name_bias} zeros, {@code name_gain} ones.
 */
public final class Ops {

    /** The epsilon LayerNorm adds to the variance, for code that normalises outside the graph. */
    public static final double LAYER_NORM_EPSILON = LayerNormalization.EPSILON;

    private final SameDiff sd;
    private final DataType dataType;
    private final double initStd;

    public Ops(SameDiff sd, DataType dataType, double initStd) {
        this.sd = sd;
        this.dataType = dataType;
        this.initStd = initStd;
    }

    /** A [rows, columns] weight drawn from N(0, initStd). */
    public SDVariable weight(String name, long rows, long columns) {
        return sd.var(name, Nd4j.randn(dataType, rows, columns).muli(initStd));
    }

    /** A zero bias of {@code size}. */
    public SDVariable bias(String name, long size) {
        return sd.var(name, Nd4j.zeros(dataType, size));
    }

    /** {@code x · name_weight + name_bias}: x [rows, in] -> [rows, out]. */
    public SDVariable linear(String name, SDVariable x, int in, int out) {
        SDVariable w = weight(name + "_weight", in, out);
        SDVariable b = bias(name + "_bias", out);
        return new BiasAddition(sd, x.mmul(w), b).outputVariable();
    }

    /** {@code a + b} for a residual connection (b of a's shape) or a constant b broadcast. */
    public SDVariable add(SDVariable a, SDVariable b) {
        return new Addition(sd, a, b).outputVariable();
    }

    /** LayerNorm over the last dimension of a [rows, width] input, with gain {@code name_gain} and bias {@code name_bias}. */
    public SDVariable layerNorm(String name, SDVariable x, int width) {
        SDVariable gain = sd.var(name + "_gain", Nd4j.ones(dataType, width));
        SDVariable bias = bias(name + "_bias", width);
        return LayerNormalization.apply(sd, x, gain, bias);
    }

    /**
     * GELU, tanh form as in GPT-1: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) = x·sigmoid(x·(2c + 2c·0.044715·x²)),
     * c = √(2/π). Built from plain ops: the gradient of ND4J's precise_gelu missed finite differences by up to 1e-3
     * (relative) here.
     */
    public SDVariable gelu(SDVariable x) {
        double c2 = 2 * Math.sqrt(2 / Math.PI);
        SDVariable slope = x.mul(x).mul(c2 * 0.044715).add(c2);
        return x.mul(sd.nn().sigmoid(x.mul(slope)));
    }

    /** Dropout at {@code rate}, switched by the constants {@code name_scale} and {@code name_shift} (none at rate 0). */
    public Dropout dropout(String name, double rate) {
        return new Dropout(sd, dataType, name, rate);
    }

    /** {@code table[ids]}: the rows of a [rows, columns] table for integer ids of any shape. */
    public SDVariable embedding(SDVariable table, SDVariable ids) {
        return new EmbeddingLookup(sd, table, ids).outputVariable();
    }

    /** Per-row cross-entropy of logits [N, V] against integer targets [N]: [N]. */
    public SDVariable crossEntropy(SDVariable logits, SDVariable targets) {
        return new TargetCrossEntropy(sd, logits, targets).outputVariable();
    }
}
