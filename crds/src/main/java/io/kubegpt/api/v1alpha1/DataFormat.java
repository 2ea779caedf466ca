package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** File formats of labelled data. */
public enum DataFormat {
    @JsonProperty("jsonl")
    JSONL,
    @JsonProperty("csv")
    CSV
}
