package io.kubegpt.trainer.model;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A next-token model: a SameDiff graph with an integer input placeholder [batch, context], an integer target
 * placeholder of the same shape, per-token losses and their mean as the scalar loss. Its batches are token windows.
 */
public interface LanguageModel extends TrainableModel {

    String inputName();

    String targetName();

    /** The per-token losses [batch * context] whose mean is the loss. */
    String tokenLossesName();

    int context();

    @Override
    default List<String> featureNames() {
        return List.of(inputName());
    }

    @Override
    default List<String> labelNames() {
        return List.of(targetName());
    }

    @Override
    default List<LossTerm> lossTerms() {
        return List.of(LossTerm.mean(tokenLossesName()));
    }

    /** Every window is a row of {@code context} tokens, and the loss is the mean over all of them. */
    @Override
    default boolean splitsByRows() {
        return true;
    }

    /** Training batches from token windows. */
    default TrainingBatches batches(BatchSource windows) {
        return (step, micro) -> placeholders(windows.windows(step, micro));
    }

    /** Windows of context+1 tokens -> inputs (first context tokens) and targets (last context tokens). */
    default Map<String, INDArray> placeholders(int[][] windows) {
        int context = context();
        for (int[] window : windows) {
            if (window.length != context + 1) {
                throw new IllegalArgumentException("windows must hold context + 1 = " + (context + 1) + " tokens, got "
                        + window.length);
            }
        }
        INDArray all = Nd4j.createFromArray(windows);
        INDArray inputs = all.get(NDArrayIndex.all(), NDArrayIndex.interval(0, context)).dup();
        INDArray targets = all.get(NDArrayIndex.all(), NDArrayIndex.interval(1, context + 1)).dup();
        return Map.of(inputName(), inputs, targetName(), targets);
    }

    /**
     * The mean loss with dropout off over {@code batchCount} batches of {@code source} (its step argument is the
     * batch index); dropout is back on afterwards.
     */
    default double validationLoss(BatchSource source, int batchCount) {
        setTraining(false);
        try {
            double total = 0;
            for (int i = 0; i < batchCount; i++) {
                total += sameDiff().output(placeholders(source.windows(i, 0)), lossName()).get(lossName()).getDouble(0);
            }
            return total / batchCount;
        } finally {
            setTraining(true);
        }
    }
}
