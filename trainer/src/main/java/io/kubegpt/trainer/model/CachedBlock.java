package io.kubegpt.trainer.model;

import io.kubegpt.trainer.ops.Ops;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One of GPT's blocks in evaluation mode, {@code x = LN(x + attn(x)); x = LN(x + mlp(x))}, for the positions not
 * computed yet: their queries attend over the keys and values of every position so far, kept in a
 * {@link KeyValueCache}. Eager ND4J ops on the block's weight arrays, the same ops as GPT's graph.
 */
final class CachedBlock {

    private static final double MASKED = -1e9;

    private final int layer;
    private final int heads;
    private final int headSize;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear attentionProjection;
    private final Linear fc;
    private final Linear mlpProjection;
    private final Norm ln1;
    private final Norm ln2;

    CachedBlock(Map<String, INDArray> weights, GPTConfig config, int layer) {
        this.layer = layer;
        heads = config.heads();
        headSize = config.headSize();
        String p = GPT.blockPrefix(layer);
        query = Linear.of(weights, p + "attn_q");
        key = Linear.of(weights, p + "attn_k");
        value = Linear.of(weights, p + "attn_v");
        attentionProjection = Linear.of(weights, p + "attn_proj");
        fc = Linear.of(weights, p + "mlp_fc");
        mlpProjection = Linear.of(weights, p + "mlp_proj");
        ln1 = Norm.of(weights, p + "ln1");
        ln2 = Norm.of(weights, p + "ln2");
    }

    /** x: [n, dModel], the positions {@code start..start+n-1}, already extended into {@code cache}. */
    INDArray forward(INDArray x, int start, KeyValueCache cache) {
        INDArray attended = ln1.apply(x.add(attention(x, start, cache)));
        return ln2.apply(attended.add(mlp(attended)));
    }

    private INDArray attention(INDArray x, int start, KeyValueCache cache) {
        long n = x.rows();
        INDArray q = query.apply(x).muli(1.0 / Math.sqrt(headSize));
        cache.store(layer, start, key.apply(x), value.apply(x));
        INDArray scores = Nd4j.matmul(byHead(q), byHead(cache.keys(layer)), null, false, true, false);
        if (n > 1) {
            scores.addi(causalMask(start, scores));
        }
        Nd4j.exec(new SoftMax(scores, scores, 2));
        INDArray y = Nd4j.matmul(scores, byHead(cache.values(layer)));
        return attentionProjection.apply(y.permute(1, 0, 2).dup('c').reshape(n, (long) heads * headSize));
    }

    /** [rows, dModel] -> [heads, rows, headSize], a view. */
    private INDArray byHead(INDArray rows) {
        return rows.reshape(rows.rows(), heads, headSize).permute(1, 0, 2);
    }

    /** For scores [heads, n, length], a [1, n, length] mask: row i (position start + i) sees positions up to its own. */
    private static INDArray causalMask(int start, INDArray scores) {
        long length = scores.size(2);
        INDArray mask = Nd4j.zeros(scores.dataType(), 1, scores.size(1), length);
        for (int row = 0; row < scores.size(1); row++) {
            for (int column = start + row + 1; column < length; column++) {
                mask.putScalar(0, row, column, MASKED);
            }
        }
        return mask;
    }

    private INDArray mlp(INDArray x) {
        return mlpProjection.apply(gelu(fc.apply(x)));
    }

    /**
     * GPT's tanh-form GELU, x·sigmoid(x·(2c + 2c·0.044715·x²)), c = √(2/π). Not ND4J's precise_gelu: its logits
     * were 1e-2 away from the graph's here.
     */
    private static INDArray gelu(INDArray x) {
        double c2 = 2 * Math.sqrt(2 / Math.PI);
        INDArray y = x.mul(x).muli(c2 * 0.044715).addi(c2).muli(x);
        return Transforms.sigmoid(y, false).muli(x);
    }

    private record Linear(INDArray weight, INDArray bias) {

        static Linear of(Map<String, INDArray> weights, String name) {
            return new Linear(parameter(weights, name + "_weight"), parameter(weights, name + "_bias"));
        }

        /** BLAS gemm: for a few rows, INDArray.mmul (the matmul op) took 2-3 times as long here. */
        INDArray apply(INDArray x) {
            return Nd4j.gemm(x, weight, false, false).addiRowVector(bias);
        }
    }

    /** Normalisation over the last dimension with {@link Ops#LAYER_NORM_EPSILON}, as the training graph does it. */
    private record Norm(INDArray gain, INDArray bias) {

        static Norm of(Map<String, INDArray> weights, String name) {
            return new Norm(parameter(weights, name + "_gain"), parameter(weights, name + "_bias"));
        }

        INDArray apply(INDArray x) {
            INDArray mean = x.mean(true, 1);
            INDArray centred = x.subColumnVector(mean);
            INDArray deviation = Transforms.sqrt(centred.mul(centred).mean(true, 1).addi(Ops.LAYER_NORM_EPSILON),
                    false);
            return centred.diviColumnVector(deviation).muliRowVector(gain).addiRowVector(bias);
        }
    }

    static INDArray parameter(Map<String, INDArray> weights, String name) {
        INDArray array = weights.get(name);
        if (array == null) {
            throw new IllegalArgumentException("the model has no parameter " + name);
        }
        return array;
    }
}
