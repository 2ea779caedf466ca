package io.kubegpt.trainer.optim;

/**
 * Combines this step's gradients across data-parallel ranks, in place, before the optimizer uses them (an
 * all-reduce that averages). The gradients lie in one flat buffer in ascending parameter-name order, which is the
 * same on every rank because every rank builds the same graph: a reducer may split it into a few large collective
 * calls. The optimizer reports each parameter's gradient as soon as the backward pass has finished it, so a reducer
 * may start on complete ranges while the rest is still being computed.
 */
@FunctionalInterface
public interface GradientReducer {

    /** Single process: the local gradient is the gradient. */
    GradientReducer LOCAL = gradients -> { };

    /**
     * This step's gradient of segment {@code index} of {@code gradients} is complete (its last micro-batch is in)
     * and will not change before {@link #reduce}.
     */
    default void segmentComplete(GradientBuffer gradients, int index) {
    }

    /** Completes the reduction of every segment; returns once the whole buffer holds the combined gradients. */
    void reduce(GradientBuffer gradients);
}
