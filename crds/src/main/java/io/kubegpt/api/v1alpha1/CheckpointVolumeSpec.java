package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/** A PersistentVolumeClaim the operator creates for checkpoints. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckpointVolumeSpec {

    @JsonPropertyDescription("Requested storage, e.g. 10Gi.")
    @Pattern(Patterns.QUANTITY)
    private String size = "10Gi";

    @JsonPropertyDescription("StorageClass of the claim; the cluster default when unset.")
    private String storageClassName;

    @JsonPropertyDescription("Access modes; ReadWriteMany when workers span nodes. Default ReadWriteOnce for one "
            + "worker, ReadWriteMany for several.")
    private List<AccessMode> accessModes;

    public String getSize() {
        return size;
    }

    public void setSize(String size) {
        this.size = size;
    }

    public String getStorageClassName() {
        return storageClassName;
    }

    public void setStorageClassName(String storageClassName) {
        this.storageClassName = storageClassName;
    }

    public List<AccessMode> getAccessModes() {
        return accessModes;
    }

    public void setAccessModes(List<AccessMode> accessModes) {
        this.accessModes = accessModes;
    }

    /** The access modes of a PersistentVolumeClaim, spelled as Kubernetes spells them. */
    public enum AccessMode {
        @JsonProperty("ReadWriteOnce")
        READ_WRITE_ONCE,
        @JsonProperty("ReadOnlyMany")
        READ_ONLY_MANY,
        @JsonProperty("ReadWriteMany")
        READ_WRITE_MANY,
        @JsonProperty("ReadWriteOncePod")
        READ_WRITE_ONCE_POD
    }
}
