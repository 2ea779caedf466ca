package io.kubegpt.trainer.optim;

/**
 * Combines this step's gradients across data-parallel ranks, in place, before the optimizer uses them (an
 * all-reduce that averages). Called once per optimizer step with every gradient at once, laid out in one flat
 * buffer in ascending parameter-name order, which is the same on every rank because every rank builds the same
 * graph: a reducer may split it into a few large collective calls.
 */
@FunctionalInterface
public interface GradientReducer {

    /** Single process: the local gradient is the gradient. */
    GradientReducer LOCAL = gradients -> { };

    void reduce(GradientBuffer gradients);
}
