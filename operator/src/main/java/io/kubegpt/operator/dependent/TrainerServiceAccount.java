package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;

/** The identity of the job's pods; its only right is writing the job's progress (see {@link ProgressRole}). */
public final class TrainerServiceAccount implements OwnedObject<ServiceAccount> {

    @Override
    public ServiceAccount desired(TrainingJob job) {
        return new ServiceAccountBuilder()
                .withMetadata(job.ownedMetadata(job.serviceAccountName(), "trainer"))
                .withAutomountServiceAccountToken(false)
                .build();
    }
}
