package io.kubegpt.trainer.ops;

import io.kubegpt.trainer.ops.fused.FusedAttention;
import io.kubegpt.trainer.ops.fused.FusedBiasAddition;
import io.kubegpt.trainer.ops.fused.FusedCrossEntropy;
import io.kubegpt.trainer.ops.fused.FusedEmbedding;
import io.kubegpt.trainer.ops.fused.FusedGelu;
import io.kubegpt.trainer.ops.fused.FusedLayerNorm;
import io.kubegpt.trainer.ops.fused.Kernels;
import io.kubegpt.trainer.ops.stock.Addition;
import io.kubegpt.trainer.ops.stock.BiasAddition;
import io.kubegpt.trainer.ops.stock.Dropout;
import io.kubegpt.trainer.ops.stock.EmbeddingLookup;
import io.kubegpt.trainer.ops.stock.StockCrossEntropy;
import io.kubegpt.trainer.ops.stock.StockLayerNorm;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layers a model builds into one SameDiff graph, on the custom ops of this package where the stock ones fail
 * (see each op for how). Parameters are created as variables named after the layer: {@code name_weight} drawn
 * from N(0, initStd), {@code name_bias} zeros, {@code name_gain} ones.
 *
 * <p>Where the fused kernels run ({@link Kernels#available()}: ND4J's CPU backend), LayerNorm, GELU, causal
 * self-attention, the cross-entropy, a linear layer's bias and an embedding lookup are one kernel each forward and
 * backward; elsewhere (a GPU) they are built from stock ops. Both compute the same function with the same parameters.
 */
public final class Ops {

    /** The epsilon FusedLayerNorm adds to the variance, for code that normalises outside the graph. */
    public static final double LAYER_NORM_EPSILON = StockLayerNorm.EPSILON;
    private static final double MASKED = -1e9;

    private final SameDiff sd;
    private final DataType dataType;
    private final double initStd;
    private final boolean fused;

    public Ops(SameDiff sd, DataType dataType, double initStd) {
        this(sd, dataType, initStd, Kernels.available());
    }

    /** {@code fused}: the fused kernels (which need {@link Kernels#available()}) or the stock ops. */
    Ops(SameDiff sd, DataType dataType, double initStd, boolean fused) {
        this.sd = sd;
        this.dataType = dataType;
        this.initStd = initStd;
        this.fused = fused;
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
        return fused ? new FusedBiasAddition(sd, x.mmul(w), b).outputVariable()
                : new BiasAddition(sd, x.mmul(w), b).outputVariable();
    }

    /** {@code a + b} for a residual connection (b of a's shape) or a constant b broadcast. */
    public SDVariable add(SDVariable a, SDVariable b) {
        return new Addition(sd, a, b).outputVariable();
    }

    /** FusedLayerNorm over the last dimension of a [rows, width] input, with gain {@code name_gain} and bias {@code name_bias}. */
    public SDVariable layerNorm(String name, SDVariable x, int width) {
        SDVariable gain = sd.var(name + "_gain", Nd4j.ones(dataType, width));
        SDVariable bias = bias(name + "_bias", width);
        return fused ? new FusedLayerNorm(sd, x, gain, bias, StockLayerNorm.EPSILON).outputVariables()[0]
                : StockLayerNorm.apply(sd, x, gain, bias);
    }

    /**
     * GELU, tanh form as in GPT-1: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) = x·sigmoid(x·(2c + 2c·0.044715·x²)),
     * c = √(2/π). The stock version is built from plain ops: ND4J's precise_gelu computes another function
     * (1.4845 at x = 1.6, where GPT-1's GELU is 1.5121) and its gradient missed finite differences.
     */
    public SDVariable gelu(SDVariable x) {
        if (fused) {
            return new FusedGelu(sd, x).outputVariable();
        }
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
        return fused ? new FusedEmbedding(sd, table, ids).outputVariable()
                : new EmbeddingLookup(sd, table, ids).outputVariable();
    }

    /** Per-row cross-entropy of logits [N, V] against integer targets [N]: [N]. */
    public SDVariable crossEntropy(SDVariable logits, SDVariable targets) {
        return fused ? new FusedCrossEntropy(sd, logits, targets, false).outputVariables()[0]
                : new StockCrossEntropy(sd, logits, targets).outputVariable();
    }

    /**
     * Per-row cross-entropy of the logits {@code x · tableᵀ} (x [N, d], table [V, d], a tied output projection)
     * against integer targets [N]: [N]. The fused kernel takes the product as {@code table · xᵀ}, [V, N]: oneDNN's
     * product in that order gained 1.6-1.9x from a second thread at GPT-1's shape, where {@code x · tableᵀ} gained
     * 1.2-1.3x, and its gradient in x and the table costs about the same.
     */
    public SDVariable tiedOutputCrossEntropy(SDVariable x, SDVariable table, SDVariable targets) {
        if (fused) {
            SDVariable logitsByClass = sd.mmul(table, x, false, true, false);
            return new FusedCrossEntropy(sd, logitsByClass, targets, true).outputVariables()[0];
        }
        return crossEntropy(sd.mmul(x, table, false, true, false), targets);
    }

    /**
     * Causal multi-head self-attention {@code softmax(q·kᵀ/√headSize + causal mask)·v} per sequence and head, for q, k,
     * v [B·context, width] with the heads side by side; the attention weights go through {@code dropout}. Returns
     * [B·context, width] in the same layout.
     */
    public SDVariable causalSelfAttention(SDVariable q, SDVariable k, SDVariable v, int width, int context, int heads,
                                          Dropout dropout) {
        int headSize = width / heads;
        double scale = 1 / Math.sqrt(headSize);
        if (fused) {
            SDVariable sequences = sd.sizeAt(q, 0).castTo(DataType.LONG).div(context).reshape(1);
            SDVariable weightsShape = sd.concat(0, sequences, sd.constant(Nd4j.createFromArray((long) heads, context, context)));
            return new FusedAttention(sd, q, k, v, dropout.mask(weightsShape), context, heads, scale)
                    .outputVariables()[0];
        }
        // scaling q rather than the scores touches d values per token instead of heads·context
        SDVariable queries = q.mul(scale).reshape(-1, context, heads, headSize).permute(0, 2, 1, 3);
        SDVariable keysT = k.reshape(-1, context, heads, headSize).permute(0, 2, 3, 1);
        SDVariable values = v.reshape(-1, context, heads, headSize).permute(0, 2, 1, 3);
        SDVariable scores = add(queries.mmul(keysT), causalMask(context));
        SDVariable weights = dropout.apply(sd.nn().softmax(scores, 3));
        return weights.mmul(values).permute(0, 2, 1, 3).reshape(-1, width);
    }

    /** [context, context]: 0 on and below the diagonal, -1e9 above it; one constant per graph. */
    private SDVariable causalMask(int context) {
        String name = "causal_mask";
        if (sd.hasVariable(name)) {
            return sd.getVariable(name);
        }
        INDArray mask = Nd4j.zeros(dataType, context, context);
        for (int row = 0; row < context; row++) {
            for (int column = row + 1; column < context; column++) {
                mask.putScalar(row, column, MASKED);
            }
        }
        return sd.constant(name, mask);
    }
}
