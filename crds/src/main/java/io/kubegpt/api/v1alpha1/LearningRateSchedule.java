package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the learning rate falls after the linear warm-up. */
public enum LearningRateSchedule {
    /** Cosine to zero at the last step (GPT-1 pre-training). */
    @JsonProperty("cosine")
    COSINE,
    /** Linear to zero at the last step (GPT-1 fine-tuning). */
    @JsonProperty("linear")
    LINEAR,
    /** The maximum learning rate throughout. */
    @JsonProperty("constant")
    CONSTANT
}
