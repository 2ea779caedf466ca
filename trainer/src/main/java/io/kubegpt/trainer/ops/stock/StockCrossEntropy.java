package io.kubegpt.trainer.ops.stock;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.loss.bp.SparseSoftmaxCrossEntropyLossWithLogitsBp;

/**
 * Per-row cross-entropy {@code -log softmax(logits)[target]} for logits [N, V] and integer targets [N]:
 * log-softmax and the pick of the target column in one native op
 * ({@code sparse_softmax_cross_entropy_loss_with_logits}), no one-hot matrix.
 *
 * <p>The native backward op returns {@code softmax(logits) - onehot(target)}, the gradient of each row's loss.
 * SameDiff's stock differentiation returns exactly that and drops the incoming gradient, so a mean after it
 * (or a mask) was ignored; here each row is scaled by its incoming gradient, which is the chain rule.
 */
public final class StockCrossEntropy extends NativeOpWithGradient {

    static {
        register(new StockCrossEntropy());
    }

    /** For SameDiff, which re-creates ops by name. */
    public StockCrossEntropy() {
    }

    public StockCrossEntropy(SameDiff sameDiff, SDVariable logits, SDVariable targets) {
        super(sameDiff, targets, logits);
    }

    @Override
    public String opName() {
        return "kubegpt_target_cross_entropy";
    }

    @Override
    protected String nativeOpName() {
        return "sparse_softmax_cross_entropy_loss_with_logits";
    }

    @Override
    public List<DataType> calculateOutputDataTypes(List<DataType> inputTypes) {
        return List.of(inputTypes.get(1));
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SDVariable targets = arg(0);
        SDVariable logits = arg(1);
        SDVariable rowLossGradient = new SparseSoftmaxCrossEntropyLossWithLogitsBp(sameDiff, logits, targets).outputVariable();
        SDVariable upstream = sameDiff.expandDims(gradients.get(0), 1);
        return List.of(sameDiff.zerosLike(targets), rowLossGradient.mul(upstream));
    }
}
