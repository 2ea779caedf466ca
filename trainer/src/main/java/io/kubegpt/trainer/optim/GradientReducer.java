package io.kubegpt.trainer.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Combines one parameter's gradient across data-parallel ranks, in place, before the optimizer uses it
 * (an all-reduce that averages). Called once per variable per optimizer step, in ascending name order, which
 * is the same on every rank because every rank builds the same graph.
 */
@FunctionalInterface
public interface GradientReducer {

    /** Single process: the local gradient is the gradient. */
    GradientReducer LOCAL = (name, gradient) -> { };

    void reduce(String name, INDArray gradient);
}
