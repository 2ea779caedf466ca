package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happens to an operator-created checkpoint claim when its job is deleted, as a PersistentVolume's policy. */
public enum ReclaimPolicy {
    @JsonProperty("Retain")
    RETAIN,
    @JsonProperty("Delete")
    DELETE
}
