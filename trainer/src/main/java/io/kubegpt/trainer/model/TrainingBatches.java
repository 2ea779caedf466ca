package io.kubegpt.trainer.model;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The placeholders (features and labels) of micro-batch {@code microBatch} of this rank at optimizer step
 * {@code step}. It must be a pure function of its arguments (and the source's seed), so that a resumed run sees the
 * same data.
 */
@FunctionalInterface
public interface TrainingBatches {

    Map<String, INDArray> placeholders(long step, int microBatch);
}
