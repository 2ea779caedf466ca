package io.kubegpt.trainer.train;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Reads the loss during a training iteration: fit() reports 0 (SameDiff 1.0.0-M2.1), and training never runs the final
 * mean (its gradient needs only the shape), so this takes the mean of the per-token losses when they are computed.
 */
final class LossCapture extends BaseListener {

    private final String tokenLossesName;
    private double loss;
    private boolean captured;

    LossCapture(String tokenLossesName) {
        this.tokenLossesName = tokenLossesName;
    }

    @Override
    public boolean isActive(Operation operation) {
        return operation == Operation.TRAINING;
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext, INDArray[] outputs) {
        var names = op.getOutputsOfOp();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(tokenLossesName)) {
                loss = outputs[i].meanNumber().doubleValue();
                captured = true;
            }
        }
    }

    /** The loss of the last training iteration (NaN when the weights hold one), then forgets it. */
    double take() {
        if (!captured) {
            throw new IllegalStateException("the training iteration did not compute " + tokenLossesName);
        }
        captured = false;
        return loss;
    }
}
