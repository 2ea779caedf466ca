package io.kubegpt.trainer.ops.fused;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LayerNorm over the last dimension of x [rows, d] in one kernel: {@code gain·(x - mean)/sqrt(variance + ε) + bias},
 * the variance without Bessel's correction. Outputs y and, for the gradient, each row's mean and 1/sqrt(variance + ε).
 */
public final class FusedLayerNorm extends KernelOp {

    static {
        register(new FusedLayerNorm());
    }

    /** For SameDiff, which re-creates ops by name. */
    public FusedLayerNorm() {
    }

    /** For {@link #run} outside a graph. */
    public FusedLayerNorm(double epsilon) {
        addTArgument(epsilon);
    }

    public FusedLayerNorm(SameDiff sameDiff, SDVariable x, SDVariable gain, SDVariable bias, double epsilon) {
        super(sameDiff, x, gain, bias);
        addTArgument(epsilon);
    }

    @Override
    public String opName() {
        return "kubegpt_layer_norm";
    }

    @Override
    public int getNumOutputs() {
        return 3;
    }

    @Override
    protected List<long[]> outputShapes(List<INDArray> inputs) {
        long rows = inputs.get(0).size(0);
        return List.of(inputs.get(0).shape(), new long[] {rows}, new long[] {rows});
    }

    @Override
    protected void execute(List<INDArray> inputs, List<INDArray> outputs) {
        FusedKernels.layerNormForward(inputs.get(0), inputs.get(1), inputs.get(2), getTArgument(0), outputs.get(0),
                outputs.get(1), outputs.get(2), threads());
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SDVariable[] outputs = outputVariables();
        return List.of(new FusedLayerNormGradient(sameDiff, arg(0), arg(1), outputs[1], outputs[2], gradients.get(0))
                .outputVariables());
    }
}
