package io.kubegpt.trainer.session;

import io.kubegpt.trainer.model.LossTerm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Reads the loss during a training iteration from the model's {@link LossTerm}s as their arrays are computed:
 * fit() reports 0 (SameDiff 1.0.0-M2.1), and training does not run the final reductions.
 */
final class LossCapture extends BaseListener {

    private final Map<String, LossTerm> terms = new HashMap<>();
    private final Map<String, Double> seen = new HashMap<>();

    LossCapture(List<LossTerm> terms) {
        terms.forEach(term -> this.terms.put(term.variable(), term));
    }

    @Override
    public boolean isActive(Operation operation) {
        return operation == Operation.TRAINING;
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext, INDArray[] outputs) {
        List<String> names = op.getOutputsOfOp();
        for (int i = 0; i < names.size(); i++) {
            LossTerm term = terms.get(names.get(i));
            if (term != null) {
                seen.put(term.variable(), term.valueOf(outputs[i]));
            }
        }
    }

    /** The loss of the last training iteration, empty when it skipped a term's op; then forgets it. */
    OptionalDouble take() {
        boolean complete = seen.keySet().containsAll(terms.keySet());
        double loss = seen.values().stream().mapToDouble(Double::doubleValue).sum();
        seen.clear();
        return complete ? OptionalDouble.of(loss) : OptionalDouble.empty();
    }
}
