package io.kubegpt.trainer.ops.fused;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code dx = dy·GELU'(x)} in one pass over x and dy. */
public final class FusedGeluGradient extends KernelOp {

    static {
        register(new FusedGeluGradient());
    }

    /** For SameDiff, which re-creates ops by name. */
    public FusedGeluGradient() {
    }

    FusedGeluGradient(SameDiff sameDiff, SDVariable x, SDVariable outputGradient) {
        super(sameDiff, x, outputGradient);
    }

    @Override
    public String opName() {
        return "kubegpt_gelu_bp";
    }

    @Override
    protected List<long[]> outputShapes(List<INDArray> inputs) {
        return List.of(inputs.get(0).shape());
    }

    @Override
    protected void execute(List<INDArray> inputs, List<INDArray> outputs) {
        FusedKernels.geluBackward(inputs.get(0), inputs.get(1), outputs.get(0), threads());
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        throw new UnsupportedOperationException("second derivatives of GELU are not needed");
    }
}
