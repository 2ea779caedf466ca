package io.kubegpt.trainer.checkpoint;

/**
 * Where a run stood when a checkpoint was written. The data cursor and the dropout generator are pure functions of
 * {@code seed} and {@code step}, so these numbers are all a resumed run needs besides the weights and Adam's moments.
 *
 * @param step optimizer steps completed
 * @param loss training loss of the last step
 * @param validationLoss the last validation loss, or null before the first evaluation
 * @param tokens training tokens seen
 * @param seed the run's seed
 * @param time RFC 3339 time the checkpoint was written
 * @param attempt the job's attempt that wrote it ({@code KUBEGPT_ATTEMPT}); null in checkpoints written before
 *     checkpoints recorded it
 */
public record CheckpointState(long step, double loss, Double validationLoss, long tokens, long seed, String time,
                              Integer attempt) {
}
