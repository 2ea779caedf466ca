package io.kubegpt.trainer.ops.fused;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code dlogits = (softmax(row) - onehot(target))·dloss} per row, from the forward pass's logsumexp, in the layout of
 * the logits ({@link FusedCrossEntropy}'s).
 */
public final class FusedCrossEntropyGradient extends KernelOp {

    static {
        register(new FusedCrossEntropyGradient());
    }

    /** For SameDiff, which re-creates ops by name. */
    public FusedCrossEntropyGradient() {
    }

    FusedCrossEntropyGradient(SameDiff sameDiff, SDVariable logits, SDVariable targets, SDVariable logSumExp,
                         SDVariable lossGradient, boolean byClass) {
        super(sameDiff, logits, targets, logSumExp, lossGradient);
        addIArgument(byClass ? 1 : 0);
    }

    @Override
    public String opName() {
        return "kubegpt_cross_entropy_bp";
    }

    @Override
    protected List<long[]> outputShapes(List<INDArray> inputs) {
        return List.of(inputs.get(0).shape());
    }

    @Override
    protected void execute(List<INDArray> inputs, List<INDArray> outputs) {
        FusedKernels.crossEntropyBackward(inputs.get(0), inputs.get(1), inputs.get(2), inputs.get(3), outputs.get(0),
                FusedCrossEntropy.byClass(this), threads());
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        throw new UnsupportedOperationException("second derivatives of the cross-entropy are not needed");
    }
}
