package io.kubegpt.trainer.optim;

/**
 * Adam with decoupled weight decay (GPT-1's modified L2) on non-bias, non-gain weights, optional clipping of
 * the global gradient norm ({@code clipNorm <= 0}: off) and gradient accumulation over
 * {@code accumulationSteps} micro-batches per optimizer step.
 */
public record OptimizerConfig(LearningRateSchedule schedule, double beta1, double beta2, double epsilon,
                              double weightDecay, double clipNorm, int accumulationSteps) {

    public OptimizerConfig {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule is required");
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0) || weightDecay < 0) {
            throw new IllegalArgumentException("invalid Adam settings: beta1=" + beta1 + " beta2=" + beta2
                    + " epsilon=" + epsilon + " weightDecay=" + weightDecay);
        }
        if (accumulationSteps < 1) {
            throw new IllegalArgumentException("accumulationSteps must be >= 1, got " + accumulationSteps);
        }
    }

    /** GPT-1: betas 0.9/0.999, epsilon 1e-8, weight decay 0.01, no clipping, no accumulation. */
    public static OptimizerConfig gpt1(LearningRateSchedule schedule) {
        return new OptimizerConfig(schedule, 0.9, 0.999, 1e-8, 0.01, 0, 1);
    }

    public OptimizerConfig withAccumulationSteps(int steps) {
        return new OptimizerConfig(schedule, beta1, beta2, epsilon, weightDecay, clipNorm, steps);
    }

    public OptimizerConfig withWeightDecay(double decay) {
        return new OptimizerConfig(schedule, beta1, beta2, epsilon, decay, clipNorm, accumulationSteps);
    }

    public OptimizerConfig withClipNorm(double norm) {
        return new OptimizerConfig(schedule, beta1, beta2, epsilon, weightDecay, norm, accumulationSteps);
    }
}
