package io.kubegpt.trainer.report;

/**
 * How a training loop ended, which {@link RunReport} turns into the run's status.
 *
 * @param ending  after the last step, or stopped on request at a step end
 * @param steps   optimizer steps completed
 * @param loss    the last step's training loss averaged over the ranks (NaN when the loop ran no step)
 * @param message what happened, in a line
 */
public record TrainingOutcome(Ending ending, long steps, double loss, String message) {

    public enum Ending {
        /** Every step trained. */
        FINISHED,
        /** Stopped on request after {@code steps}, whose checkpoint rank 0 wrote. */
        STOPPED
    }
}
