package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * GPT-1 fine-tuning: 3 epochs of batch 32 at 6.25e-5, warm-up over 0.2% of the steps then linear decay, the
 * gradient clipped to global norm 1.0, and the language-model loss kept as an auxiliary objective with weight 0.5.
 */
public class FinetuneTrainingSpec extends TrainingSpec {

    @JsonPropertyDescription("Fraction of all optimizer steps spent in linear warm-up.")
    @Min(0)
    @Max(1)
    private Double warmupFraction = 0.002;

    @JsonPropertyDescription("Weight of the auxiliary language-model loss (lambda); 0 turns it off.")
    @Min(0)
    @Max(100)
    private Double auxLmWeight = 0.5;

    @JsonPropertyDescription("Dropout before the task head, in [0, 1).")
    @Min(0)
    @Max(value = 1, inclusive = false)
    private Double classifierDropout = 0.1;

    public FinetuneTrainingSpec() {
        super(3, 32, 6.25e-5, LearningRateSchedule.LINEAR);
        setGradientClip(1.0);
    }

    public Double getWarmupFraction() {
        return warmupFraction;
    }

    public void setWarmupFraction(Double warmupFraction) {
        this.warmupFraction = warmupFraction;
    }

    public Double getAuxLmWeight() {
        return auxLmWeight;
    }

    public void setAuxLmWeight(Double auxLmWeight) {
        this.auxLmWeight = auxLmWeight;
    }

    public Double getClassifierDropout() {
        return classifierDropout;
    }

    public void setClassifierDropout(Double classifierDropout) {
        this.classifierDropout = classifierDropout;
    }
}
