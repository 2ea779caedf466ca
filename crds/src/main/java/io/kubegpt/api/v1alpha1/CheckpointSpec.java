package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * Where and how often checkpoints are written. The volume is an existing claim ({@code claimName}), or a claim
 * the operator creates from {@code volume}; that claim outlives the job unless {@code onDelete} is Delete.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckpointSpec {

    @JsonPropertyDescription("Existing PersistentVolumeClaim for checkpoints; takes precedence over volume.")
    @Pattern(Patterns.DNS_SUBDOMAIN)
    private String claimName;

    @JsonPropertyDescription("Claim the operator creates when claimName is unset.")
    private CheckpointVolumeSpec volume;

    @JsonPropertyDescription("What happens to a claim the operator created when the job is deleted: Retain or Delete.")
    private ReclaimPolicy onDelete = ReclaimPolicy.RETAIN;

    @JsonPropertyDescription("Write a checkpoint every this many optimizer steps (and always at the end).")
    @Min(1)
    private Long everySteps = 1000L;

    @JsonPropertyDescription("Checkpoints kept; older ones are deleted after a newer one is complete.")
    @Min(1)
    @Max(1000)
    private Integer keepLast = 3;

    @JsonPropertyDescription("Continue from the latest checkpoint when one exists.")
    private Boolean resume = true;

    public String getClaimName() {
        return claimName;
    }

    public void setClaimName(String claimName) {
        this.claimName = claimName;
    }

    public CheckpointVolumeSpec getVolume() {
        return volume;
    }

    public void setVolume(CheckpointVolumeSpec volume) {
        this.volume = volume;
    }

    public ReclaimPolicy getOnDelete() {
        return onDelete;
    }

    public void setOnDelete(ReclaimPolicy onDelete) {
        this.onDelete = onDelete;
    }

    public Long getEverySteps() {
        return everySteps;
    }

    public void setEverySteps(Long everySteps) {
        this.everySteps = everySteps;
    }

    public Integer getKeepLast() {
        return keepLast;
    }

    public void setKeepLast(Integer keepLast) {
        this.keepLast = keepLast;
    }

    public Boolean getResume() {
        return resume;
    }

    public void setResume(Boolean resume) {
        this.resume = resume;
    }
}
