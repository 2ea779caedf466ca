package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** GPT-1 pre-training: 100 epochs of 64 x 512-token batches, Adam at 2.5e-4, 2,000 warm-up steps, cosine decay. */
public class PretrainTrainingSpec extends TrainingSpec {

    @JsonPropertyDescription("Optimizer steps of linear warm-up from 0 to learningRate.")
    @Min(0)
    private Long warmupSteps = 2000L;

    public PretrainTrainingSpec() {
        super(100, 64, 2.5e-4, LearningRateSchedule.COSINE);
    }

    public Long getWarmupSteps() {
        return warmupSteps;
    }

    public void setWarmupSteps(Long warmupSteps) {
        this.warmupSteps = warmupSteps;
    }
}
