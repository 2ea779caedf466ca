package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Optimisation settings shared by pre-training and fine-tuning; each subclass sets its own defaults.
 * One optimizer step consumes {@code batchSize} sequences, split across the ranks and the
 * {@code gradientAccumulation} micro-batches of each rank.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class TrainingSpec {

    @JsonPropertyDescription("Passes over the training data. Ignored when steps is set.")
    @Min(1)
    @Max(1000000)
    private Integer epochs;

    @JsonPropertyDescription("Optimizer steps to run; when set, takes precedence over epochs.")
    @Min(1)
    private Long steps;

    @JsonPropertyDescription("Sequences per optimizer step, across all ranks and micro-batches.")
    @Min(1)
    @Max(1048576)
    private Integer batchSize;

    @JsonPropertyDescription("Micro-batches per rank whose gradients are summed before each optimizer step.")
    @Min(1)
    @Max(4096)
    private Integer gradientAccumulation = 1;

    @JsonPropertyDescription("Peak learning rate, reached at the end of the warm-up.")
    @Min(value = 0, inclusive = false)
    @Max(1)
    private Double learningRate;

    @JsonPropertyDescription("How the learning rate falls after the warm-up: cosine, linear or constant.")
    private LearningRateSchedule schedule;

    @JsonPropertyDescription("Adam beta1.")
    @Min(0)
    @Max(value = 1, inclusive = false)
    private Double beta1 = 0.9;

    @JsonPropertyDescription("Adam beta2.")
    @Min(0)
    @Max(value = 1, inclusive = false)
    private Double beta2 = 0.999;

    @JsonPropertyDescription("Adam epsilon.")
    @Min(value = 0, inclusive = false)
    @Max(1)
    private Double epsilon = 1e-8;

    @JsonPropertyDescription("Decoupled weight decay on weights; biases and LayerNorm gains are never decayed.")
    @Min(0)
    @Max(1)
    private Double weightDecay = 0.01;

    @JsonPropertyDescription("Clip the global gradient norm (after the data-parallel all-reduce) to this value; 0 or "
            + "unset means no clipping. Fine-tuning clips to 1.0 by default, as GPT-1's fine-tuning code does.")
    @Min(0)
    private Double gradientClip;

    @JsonPropertyDescription("Seed for initialisation, data order and dropout.")
    @Min(0)
    private Long seed = 42L;

    protected TrainingSpec(int epochs, int batchSize, double learningRate, LearningRateSchedule schedule) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.learningRate = learningRate;
        this.schedule = schedule;
    }

    public Integer getEpochs() {
        return epochs;
    }

    public void setEpochs(Integer epochs) {
        this.epochs = epochs;
    }

    public Long getSteps() {
        return steps;
    }

    public void setSteps(Long steps) {
        this.steps = steps;
    }

    public Integer getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(Integer batchSize) {
        this.batchSize = batchSize;
    }

    public Integer getGradientAccumulation() {
        return gradientAccumulation;
    }

    public void setGradientAccumulation(Integer gradientAccumulation) {
        this.gradientAccumulation = gradientAccumulation;
    }

    public Double getLearningRate() {
        return learningRate;
    }

    public void setLearningRate(Double learningRate) {
        this.learningRate = learningRate;
    }

    public LearningRateSchedule getSchedule() {
        return schedule;
    }

    public void setSchedule(LearningRateSchedule schedule) {
        this.schedule = schedule;
    }

    public Double getBeta1() {
        return beta1;
    }

    public void setBeta1(Double beta1) {
        this.beta1 = beta1;
    }

    public Double getBeta2() {
        return beta2;
    }

    public void setBeta2(Double beta2) {
        this.beta2 = beta2;
    }

    public Double getEpsilon() {
        return epsilon;
    }

    public void setEpsilon(Double epsilon) {
        this.epsilon = epsilon;
    }

    public Double getWeightDecay() {
        return weightDecay;
    }

    public void setWeightDecay(Double weightDecay) {
        this.weightDecay = weightDecay;
    }

    public Double getGradientClip() {
        return gradientClip;
    }

    public void setGradientClip(Double gradientClip) {
        this.gradientClip = gradientClip;
    }

    public Long getSeed() {
        return seed;
    }

    public void setSeed(Long seed) {
        this.seed = seed;
    }
}
