package io.kubegpt.trainer.ops.fused;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** GELU, tanh form as in GPT-1, in one pass: {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}. */
public final class FusedGelu extends KernelOp {

    static {
        register(new FusedGelu());
    }

    /** For SameDiff, which re-creates ops by name. */
    public FusedGelu() {
    }

    public FusedGelu(SameDiff sameDiff, SDVariable x) {
        super(sameDiff, x);
    }

    @Override
    public String opName() {
        return "kubegpt_gelu";
    }

    @Override
    protected List<long[]> outputShapes(List<INDArray> inputs) {
        return List.of(inputs.get(0).shape());
    }

    @Override
    protected void execute(List<INDArray> inputs, List<INDArray> outputs) {
        FusedKernels.geluForward(inputs.get(0), outputs.get(0), threads());
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        return List.of(new FusedGeluGradient(sameDiff, arg(0), gradients.get(0)).outputVariable());
    }
}
