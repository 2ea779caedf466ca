package io.kubegpt.trainer.optim;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * Learning rate per optimizer step: linear warm-up to {@code maxLr} over {@code warmupSteps}, then cosine or
 * linear decay to 0 at {@code totalSteps}, or constant. ND4J has no cosine schedule.
 * The iteration ND4J passes is the optimizer step (micro-batches of an accumulated step share it).
 */
public final class LearningRateSchedule implements ISchedule {

    public enum Decay { CONSTANT, COSINE, LINEAR }

    private final Decay decay;
    private final double maxLr;
    private final int warmupSteps;
    private final int totalSteps;

    private LearningRateSchedule(Decay decay, double maxLr, int warmupSteps, int totalSteps) {
        if (!(maxLr > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + maxLr);
        }
        if (warmupSteps < 0 || (decay != Decay.CONSTANT && totalSteps <= warmupSteps)) {
            throw new IllegalArgumentException("need 0 <= warm-up (" + warmupSteps + ") < total steps (" + totalSteps + ")");
        }
        this.decay = decay;
        this.maxLr = maxLr;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
    }

    /** GPT-1 pre-training: warm-up, then cosine to 0. */
    public static LearningRateSchedule warmupCosine(double maxLr, int warmupSteps, int totalSteps) {
        return new LearningRateSchedule(Decay.COSINE, maxLr, warmupSteps, totalSteps);
    }

    /** GPT-1 fine-tuning: warm-up, then linear to 0. */
    public static LearningRateSchedule warmupLinear(double maxLr, int warmupSteps, int totalSteps) {
        return new LearningRateSchedule(Decay.LINEAR, maxLr, warmupSteps, totalSteps);
    }

    public static LearningRateSchedule constant(double lr) {
        return new LearningRateSchedule(Decay.CONSTANT, lr, 0, 0);
    }

    /** Step {@code s} (0-based) of the warm-up uses maxLr·(s+1)/warmup, so the first update is not wasted at 0. */
    public double valueAt(int step) {
        if (step < warmupSteps) {
            return maxLr * (step + 1) / warmupSteps;
        }
        if (decay == Decay.CONSTANT) {
            return maxLr;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
        return switch (decay) {
            case COSINE -> maxLr * 0.5 * (1 + Math.cos(Math.PI * progress));
            case LINEAR -> maxLr * (1 - progress);
            case CONSTANT -> maxLr;
        };
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return valueAt(iteration);
    }

    @Override
    public ISchedule clone() {
        return this;
    }

    @Override
    public String toString() {
        return decay + "(maxLr=" + maxLr + ", warmup=" + warmupSteps + ", total=" + totalSteps + ")";
    }
}
