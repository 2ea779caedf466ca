package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The newest checkpoint and all that are kept, oldest first. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Checkpoints {

    private CheckpointRecord latest;
    private List<CheckpointRecord> kept;

    public CheckpointRecord getLatest() {
        return latest;
    }

    public void setLatest(CheckpointRecord latest) {
        this.latest = latest;
    }

    public List<CheckpointRecord> getKept() {
        return kept;
    }

    public void setKept(List<CheckpointRecord> kept) {
        this.kept = kept;
    }
}
