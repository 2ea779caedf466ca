package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** The pre-trained model a fine-tune starts from: a GPTPretrain in the same namespace, or a checkpoint path. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BaseModelSpec {

    @JsonPropertyDescription("Name of a GPTPretrain in this namespace. Exclusive with path.")
    @Pattern(Patterns.DNS_SUBDOMAIN)
    private String pretrain;

    @JsonPropertyDescription("Which of the GPTPretrain's checkpoints: final (wait until it has Succeeded) or latest "
            + "(start as soon as it has one). Ignored when step is set.")
    private BaseCheckpoint checkpoint = BaseCheckpoint.FINAL;

    @JsonPropertyDescription("Start from the GPTPretrain's checkpoint at exactly this step.")
    @Min(0)
    private Long step;

    @JsonPropertyDescription("A checkpoint folder on the volume named by claimName. Exclusive with pretrain.")
    @Pattern("^/\\S*$")
    private String path;

    @JsonPropertyDescription("PersistentVolumeClaim that holds path; mounted read-only.")
    @Pattern(Patterns.DNS_SUBDOMAIN)
    private String claimName;

    @JsonPropertyDescription("How many of the base's transformer blocks to transfer, from the first: the token and "
            + "position embeddings and blocks 0 to layers-1 start from the base, the later blocks and the task head "
            + "as a fresh model's. 0 transfers the embeddings alone; at most the base's layer count (default: all).")
    @Min(0)
    private Integer layers;

    public String getPretrain() {
        return pretrain;
    }

    public void setPretrain(String pretrain) {
        this.pretrain = pretrain;
    }

    public BaseCheckpoint getCheckpoint() {
        return checkpoint;
    }

    public void setCheckpoint(BaseCheckpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    public Long getStep() {
        return step;
    }

    public void setStep(Long step) {
        this.step = step;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getClaimName() {
        return claimName;
    }

    public void setClaimName(String claimName) {
        this.claimName = claimName;
    }

    public Integer getLayers() {
        return layers;
    }

    public void setLayers(Integer layers) {
        this.layers = layers;
    }
}
