package io.kubegpt.trainer.ops.fused;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-row cross-entropy of logits [n, v] against int32 class indices [n]: {@code logsumexp(row) - row[target]}, one
 * pass over the logits. The second output, each row's logsumexp, is kept for the gradient. Built {@code byClass},
 * it takes the logits transposed, [v, n], as the output projection computes them fastest.
 */
public final class FusedCrossEntropy extends KernelOp {

    static {
        register(new FusedCrossEntropy());
    }

    /** For SameDiff, which re-creates ops by name. */
    public FusedCrossEntropy() {
    }

    public FusedCrossEntropy(SameDiff sameDiff, SDVariable logits, SDVariable targets, boolean byClass) {
        super(sameDiff, logits, targets);
        addIArgument(byClass ? 1 : 0);
    }

    /** For {@link #run} outside a graph. */
    public FusedCrossEntropy(boolean byClass) {
        addIArgument(byClass ? 1 : 0);
    }

    static boolean byClass(KernelOp op) {
        return op.getIArgument(0) == 1;
    }

    @Override
    public String opName() {
        return "kubegpt_cross_entropy";
    }

    @Override
    public int getNumOutputs() {
        return 2;
    }

    @Override
    protected List<long[]> outputShapes(List<INDArray> inputs) {
        long rows = inputs.get(0).size(byClass(this) ? 1 : 0);
        return List.of(new long[] {rows}, new long[] {rows});
    }

    @Override
    protected void execute(List<INDArray> inputs, List<INDArray> outputs) {
        FusedKernels.crossEntropyForward(inputs.get(0), inputs.get(1), outputs.get(0), outputs.get(1),
                byClass(this), threads());
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SDVariable dlogits = new FusedCrossEntropyGradient(sameDiff, arg(0), arg(1), outputVariables()[1], gradients.get(0),
                byClass(this)).outputVariable();
        return List.of(dlogits, sameDiff.zerosLike(arg(1)));
    }
}
