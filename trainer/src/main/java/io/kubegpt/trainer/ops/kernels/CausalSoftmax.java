package io.kubegpt.trainer.ops.kernels;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Attention weights from scores [..., t, t]: softmax along the last dimension with the causal mask in the same
 * pass (row i attends to positions 0..i; the rest get exactly 0), so no mask is added and no masked score is read.
 */
public final class CausalSoftmax extends KernelOp {

    static {
        register(new CausalSoftmax());
    }

    /** For SameDiff, which re-creates ops by name. */
    public CausalSoftmax() {
    }

    public CausalSoftmax(SameDiff sameDiff, SDVariable scores) {
        super(sameDiff, scores);
    }

    @Override
    public String opName() {
        return "kubegpt_causal_softmax";
    }

    @Override
    protected List<long[]> outputShapes(List<INDArray> inputs) {
        return List.of(inputs.get(0).shape());
    }

    @Override
    protected void execute(List<INDArray> inputs, List<INDArray> outputs) {
        FusedKernels.causalSoftmaxForward(inputs.get(0), outputs.get(0), threads());
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        return List.of(new CausalSoftmaxGradient(sameDiff, outputVariable(), gradients.get(0)).outputVariable());
    }
}
