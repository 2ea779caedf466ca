package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The GPT-1 paper's input transformations, one per kind of task. */
public enum TaskType {
    /** {@code [s] text [e]} -> label. */
    @JsonProperty("classification")
    CLASSIFICATION,
    /** {@code [s] premise [$] hypothesis [e]} -> label. */
    @JsonProperty("entailment")
    ENTAILMENT,
    /** Both orders of the two sentences, final states added -> score or label. */
    @JsonProperty("similarity")
    SIMILARITY,
    /** {@code [s] context [$] answer [e]} per answer, softmax over the answers. */
    @JsonProperty("multipleChoice")
    MULTIPLE_CHOICE
}
