package io.kubegpt.trainer.ops.fused;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code x + bias} for x [rows, n] and bias [n]. Backward: dx is dy itself and dbias the column sums of dy, one
 * {@link FusedColumnSums} op where the stock ops take a product with a row of ones built from four more ops (and
 * oneDNN's product of one row ran slower on two threads than on one).
 */
public final class FusedBiasAddition extends KernelOp {

    static {
        register(new FusedBiasAddition());
    }

    /** For SameDiff, which re-creates ops by name. */
    public FusedBiasAddition() {
    }

    public FusedBiasAddition(SameDiff sameDiff, SDVariable x, SDVariable bias) {
        super(sameDiff, x, bias);
    }

    @Override
    public String opName() {
        return "kubegpt_fused_bias_add";
    }

    @Override
    protected List<long[]> outputShapes(List<INDArray> inputs) {
        return List.of(inputs.get(0).shape());
    }

    @Override
    protected void execute(List<INDArray> inputs, List<INDArray> outputs) {
        FusedKernels.biasAdd(inputs.get(0), inputs.get(1), outputs.get(0), threads());
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SDVariable dy = gradients.get(0);
        return List.of(dy, new FusedColumnSums(sameDiff, dy).outputVariable());
    }
}
