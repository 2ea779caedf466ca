package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which job an object belongs to, by the UID in its controller owner reference: names and labels can be written by
 * anyone who may create the object, and a job deleted and applied again keeps its name but not its UID. The one object
 * a job does not own is the checkpoint claim it leaves behind: that one is known by its name and the job's labels.
 */
public final class Ownership {

    private Ownership() {
    }

    /** The object's controller owner reference when the controller is a job of {@code kind}. */
    public static Optional<OwnerReference> controllingJob(HasMetadata object, String kind) {
        List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
        return owners == null ? Optional.empty() : owners.stream()
                .filter(owner -> Boolean.TRUE.equals(owner.getController()) && kind.equals(owner.getKind())
                        && owner.getApiVersion() != null && owner.getApiVersion().startsWith("kubegpt.io/"))
                .findFirst();
    }

    /** Whether the object has no owner at all. */
    public static boolean unowned(HasMetadata object) {
        return object.getMetadata().getOwnerReferences() == null || object.getMetadata().getOwnerReferences().isEmpty();
    }

    /** Whether the object is the job's own: controlled by its UID, or the checkpoint claim it left behind. */
    public static boolean isOwn(HasMetadata object, TrainingJob job) {
        return controllingJob(object, job.kind()).filter(owner -> job.uid().equals(owner.getUid())).isPresent()
                || isLeftClaim(object, job);
    }

    /**
     * Whether the object belongs to an earlier job of the same kind and name, deleted and applied again: the garbage
     * collector removes it soon, as its owner is gone.
     */
    public static boolean isEarlierJobs(HasMetadata object, TrainingJob job) {
        return controllingJob(object, job.kind())
                .filter(owner -> job.name().equals(owner.getName()) && !job.uid().equals(owner.getUid())).isPresent();
    }

    private static boolean isLeftClaim(HasMetadata object, TrainingJob job) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return object instanceof PersistentVolumeClaim && unowned(object)
                && job.checkpointClaimName().equals(object.getMetadata().getName()) && labels != null
                && job.selectorLabels().entrySet().stream()
                        .allMatch(label -> label.getValue().equals(labels.get(label.getKey())));
    }
}
