package io.kubegpt.trainer;

/**
 * The gradient of a step is not a finite number: the weights would become NaN. Thrown before the update is applied,
 * so no checkpoint ever holds them; every rank sees the same all-reduced gradient and stops at the same step. The
 * CLI exits with its code ({@link ExitCodes}), which the operator does not retry: the same data and seed diverge
 * again.
 */
public class TrainingDivergedException extends RuntimeException {

    public TrainingDivergedException(int step, double gradientNorm) {
        super("training diverged at step " + step + ": the gradient norm is " + gradientNorm
                + "; the weights of the last checkpoint are intact (try a lower spec.training.learningRate, "
                + "a longer warm-up or gradient clipping)");
    }
}
