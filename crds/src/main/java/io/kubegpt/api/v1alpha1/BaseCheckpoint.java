package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which checkpoint of a GPTPretrain a fine-tune starts from. */
public enum BaseCheckpoint {
    /** The checkpoint written when the pre-train succeeded. */
    @JsonProperty("final")
    FINAL,
    /** The newest checkpoint, even while the pre-train runs. */
    @JsonProperty("latest")
    LATEST
}
