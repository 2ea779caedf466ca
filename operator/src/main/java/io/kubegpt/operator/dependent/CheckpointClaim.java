package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubegpt.api.v1alpha1.CheckpointSpec;
import io.kubegpt.api.v1alpha1.CheckpointVolumeSpec;
import io.kubegpt.api.v1alpha1.ReclaimPolicy;
import java.util.List;

/**
 * The claim for checkpoints, when the spec asks the operator for one. Owned by the job only when its retention is
 * Delete: by default checkpoints outlive the job, like a PersistentVolume's Retain.
 */
public final class CheckpointClaim implements OwnedObject<PersistentVolumeClaim> {

    @Override
    public boolean isWanted(TrainingJob job) {
        CheckpointSpec checkpoint = job.spec().getCheckpoint();
        return checkpoint.getClaimName() == null;
    }

    @Override
    public PersistentVolumeClaim desired(TrainingJob job) {
        CheckpointSpec checkpoint = job.spec().getCheckpoint();
        CheckpointVolumeSpec volume = checkpoint.getVolume() != null ? checkpoint.getVolume() : new CheckpointVolumeSpec();
        ObjectMeta metadata = checkpoint.getOnDelete() == ReclaimPolicy.DELETE
                ? job.ownedMetadata(job.checkpointClaimName(), "checkpoints")
                : job.unownedMetadata(job.checkpointClaimName(), "checkpoints");
        return new PersistentVolumeClaimBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                .withAccessModes(accessModes(volume, job.spec().getWorkers().getReplicas()))
                .withStorageClassName(volume.getStorageClassName())
                .withNewResources().addToRequests("storage", new Quantity(volume.getSize())).endResources()
                .endSpec()
                .build();
    }

    private static List<String> accessModes(CheckpointVolumeSpec volume, int replicas) {
        if (volume.getAccessModes() != null && !volume.getAccessModes().isEmpty()) {
            return volume.getAccessModes().stream()
                    .map(mode -> Serialization.jsonMapper().convertValue(mode, String.class)).toList();
        }
        return List.of(replicas > 1 ? "ReadWriteMany" : "ReadWriteOnce");
    }
}
