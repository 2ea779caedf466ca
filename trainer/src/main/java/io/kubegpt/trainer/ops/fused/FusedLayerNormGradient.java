package io.kubegpt.trainer.ops.fused;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LayerNorm's gradient from x, the gain, the forward pass's per-row mean and inverse deviation s, and dy:
 * {@code dx = s·(g - mean(g) - x̂·mean(g·x̂))} with {@code g = dy·gain}, {@code dgain = Σrows dy·x̂}, {@code dbias = Σrows dy}.
 */
public final class FusedLayerNormGradient extends KernelOp {

    static {
        register(new FusedLayerNormGradient());
    }

    /** For SameDiff, which re-creates ops by name. */
    public FusedLayerNormGradient() {
    }

    FusedLayerNormGradient(SameDiff sameDiff, SDVariable x, SDVariable gain, SDVariable mean, SDVariable inverseDeviation,
                      SDVariable outputGradient) {
        super(sameDiff, x, gain, mean, inverseDeviation, outputGradient);
    }

    @Override
    public String opName() {
        return "kubegpt_layer_norm_bp";
    }

    @Override
    public int getNumOutputs() {
        return 3;
    }

    @Override
    protected List<long[]> outputShapes(List<INDArray> inputs) {
        long d = inputs.get(0).size(1);
        return List.of(inputs.get(0).shape(), new long[] {d}, new long[] {d});
    }

    @Override
    protected void execute(List<INDArray> inputs, List<INDArray> outputs) {
        FusedKernels.layerNormBackward(inputs.get(0), inputs.get(1), inputs.get(2), inputs.get(3), inputs.get(4),
                outputs.get(0), outputs.get(1), outputs.get(2), threads());
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        throw new UnsupportedOperationException("second derivatives of FusedLayerNorm are not needed");
    }
}
