package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Evaluation metrics of a fine-tuning task. */
public enum TaskMetric {
    @JsonProperty("accuracy")
    ACCURACY,
    /** Binary F1 of the second label. */
    @JsonProperty("f1")
    F1,
    /** Matthews correlation, as CoLA reports. */
    @JsonProperty("matthews")
    MATTHEWS,
    @JsonProperty("pearson")
    PEARSON,
    @JsonProperty("spearman")
    SPEARMAN
}
