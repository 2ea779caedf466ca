package io.kubegpt.trainer.ops.fused;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * dq, dk, dv of {@link FusedAttention} from q, k, v, its weights and dy (and the dropout mask when it had one):
 * with w the weights after the mask, {@code dv = wᵀ·dy}, {@code dp = (dy·vᵀ)·mask},
 * {@code ds = p·(dp - Σrow dp·p)}, {@code dq = scale·ds·k}, {@code dk = scale·dsᵀ·q}.
 */
public final class FusedAttentionGradient extends KernelOp {

    static {
        register(new FusedAttentionGradient());
    }

    /** For SameDiff, which re-creates ops by name. */
    public FusedAttentionGradient() {
    }

    /** inputs: q, k, v, weights, dy[, keep]. */
    FusedAttentionGradient(SameDiff sameDiff, SDVariable[] inputs, int heads, double scale) {
        super(sameDiff, inputs);
        addIArgument(heads);
        addTArgument(scale);
    }

    @Override
    public String opName() {
        return "kubegpt_causal_self_attention_bp";
    }

    @Override
    public int getNumOutputs() {
        return 3;
    }

    @Override
    protected List<long[]> outputShapes(List<INDArray> inputs) {
        return List.of(inputs.get(0).shape(), inputs.get(1).shape(), inputs.get(2).shape());
    }

    @Override
    protected void execute(List<INDArray> inputs, List<INDArray> outputs) {
        FusedKernels.attentionBackward(inputs.get(0), inputs.get(1), inputs.get(2), inputs.size() > 5 ? inputs.get(5) : null,
                inputs.get(3), inputs.get(4), getIArgument(0).intValue(), getTArgument(0), outputs.get(0), outputs.get(1),
                outputs.get(2), threads());
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        throw new UnsupportedOperationException("second derivatives of attention are not needed");
    }
}
