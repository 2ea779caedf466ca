package io.kubegpt.trainer.ops.kernels;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code dscores = p·(dp - Σrow dp·p)} from the weights p and their gradient dp; 0 under the mask. */
public final class CausalSoftmaxGradient extends KernelOp {

    static {
        register(new CausalSoftmaxGradient());
    }

    /** For SameDiff, which re-creates ops by name. */
    public CausalSoftmaxGradient() {
    }

    CausalSoftmaxGradient(SameDiff sameDiff, SDVariable weights, SDVariable weightGradient) {
        super(sameDiff, weights, weightGradient);
    }

    @Override
    public String opName() {
        return "kubegpt_causal_softmax_bp";
    }

    @Override
    protected List<long[]> outputShapes(List<INDArray> inputs) {
        return List.of(inputs.get(0).shape());
    }

    @Override
    protected void execute(List<INDArray> inputs, List<INDArray> outputs) {
        FusedKernels.causalSoftmaxBackward(inputs.get(0), inputs.get(1), outputs.get(0), threads());
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        throw new UnsupportedOperationException("second derivatives of the attention softmax are not needed");
    }
}
