package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A container's image pull policy, spelled as Kubernetes spells it. */
public enum ImagePullPolicy {
    @JsonProperty("Always")
    ALWAYS,
    @JsonProperty("IfNotPresent")
    IF_NOT_PRESENT,
    @JsonProperty("Never")
    NEVER
}
