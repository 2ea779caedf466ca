package io.kubegpt.trainer.ops.fused;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Causal multi-head self-attention in one kernel: from q, k, v [B·T, d] (each token's heads side by side, as the
 * linear layers produce them) to {@code y = softmax(scale·q·kᵀ, causal)·v} per sequence and head, [B·T, d] again.
 * No head is permuted into an array of its own and only the causal half of each product is computed. The second
 * output, the weights [B, heads, T, T], is kept for the gradient; an optional fourth input multiplies them before
 * v (dropout's mask, 0 or 1/(1 - rate)).
 */
public final class FusedAttention extends KernelOp {

    static {
        register(new FusedAttention());
    }

    /** For SameDiff, which re-creates ops by name. */
    public FusedAttention() {
    }

    /** For {@link #run} outside a graph. */
    public FusedAttention(int context, int heads, double scale) {
        addIArgument(context, heads);
        addTArgument(scale);
    }

    /** {@code keep} may be null (no dropout). */
    public FusedAttention(SameDiff sameDiff, SDVariable q, SDVariable k, SDVariable v, SDVariable keep, int context,
                               int heads, double scale) {
        super(sameDiff, keep == null ? new SDVariable[] {q, k, v} : new SDVariable[] {q, k, v, keep});
        addIArgument(context, heads);
        addTArgument(scale);
    }

    @Override
    public String opName() {
        return "kubegpt_causal_self_attention";
    }

    @Override
    public int getNumOutputs() {
        return 2;
    }

    int heads() {
        return getIArgument(1).intValue();
    }

    @Override
    protected List<long[]> outputShapes(List<INDArray> inputs) {
        INDArray q = inputs.get(0);
        long t = getIArgument(0);
        return List.of(q.shape(), new long[] {q.size(0) / t, heads(), t, t});
    }

    @Override
    protected void execute(List<INDArray> inputs, List<INDArray> outputs) {
        FusedKernels.attentionForward(inputs.get(0), inputs.get(1), inputs.get(2), inputs.size() > 3 ? inputs.get(3) : null,
                heads(), getTArgument(0), outputs.get(0), outputs.get(1), threads());
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SDVariable[] in = args();
        List<SDVariable> gradientInputs = new ArrayList<>(List.of(in[0], in[1], in[2], outputVariables()[1], gradients.get(0)));
        if (in.length > 3) {
            gradientInputs.add(in[3]);
        }
        List<SDVariable> result = new ArrayList<>(List.of(new FusedAttentionGradient(sameDiff,
                gradientInputs.toArray(SDVariable[]::new), heads(), getTArgument(0)).outputVariables()));
        if (in.length > 3) {
            result.add(sameDiff.zerosLike(in[3]));
        }
        return result;
    }
}
