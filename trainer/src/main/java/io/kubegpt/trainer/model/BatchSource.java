package io.kubegpt.trainer.model;

/**
 * Token windows for training or evaluation: {@code windows(step, microBatch)} returns rows of
 * {@code context + 1} tokens (inputs plus the next token for every position). It must be a pure function of
 * its arguments (and the source's seed), so that a resumed run sees the same data.
 */
@FunctionalInterface
public interface BatchSource {

    int[][] windows(long step, int microBatch);
}
