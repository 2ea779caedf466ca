package io.kubegpt.trainer.spec;

import io.kubegpt.api.v1alpha1.TrainingSpec;
import io.kubegpt.trainer.optim.LearningRateSchedule;
import io.kubegpt.trainer.optim.OptimizerConfig;

/** The optimizer a spec's training section asks for, shared by pre-training and fine-tuning. */
public final class TrainingSettings {

    private TrainingSettings() {
    }

    public static OptimizerConfig optimizer(TrainingSpec training, long warmupSteps, long totalSteps) {
        int total = Math.toIntExact(totalSteps);
        int warmup = Math.toIntExact(warmupSteps);
        double lr = training.getLearningRate();
        LearningRateSchedule schedule = switch (training.getSchedule()) {
            case COSINE -> LearningRateSchedule.warmupCosine(lr, warmup, total);
            case LINEAR -> LearningRateSchedule.warmupLinear(lr, warmup, total);
            case CONSTANT -> LearningRateSchedule.constant(lr);
        };
        return new OptimizerConfig(schedule, training.getBeta1(), training.getBeta2(), training.getEpsilon(),
                training.getWeightDecay(), training.getGradientClip() == null ? 0 : training.getGradientClip(),
                training.getGradientAccumulation());
    }
}
