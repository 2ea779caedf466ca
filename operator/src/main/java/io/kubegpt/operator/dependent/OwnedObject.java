package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** One kind of object the operator creates for a job, built from the job alone. */
public interface OwnedObject<R extends HasMetadata> {

    /** Whether this job has such an object at all. */
    default boolean isWanted(TrainingJob job) {
        return true;
    }

    R desired(TrainingJob job);
}
