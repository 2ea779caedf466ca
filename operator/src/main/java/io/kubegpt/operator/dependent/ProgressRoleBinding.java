package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;

/** Grants {@link ProgressRole} to the job's {@link TrainerServiceAccount}. */
public final class ProgressRoleBinding implements OwnedObject<RoleBinding> {

    @Override
    public RoleBinding desired(TrainingJob job) {
        return new RoleBindingBuilder()
                .withMetadata(job.ownedMetadata(job.progressWriterName(), "trainer"))
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role")
                .withName(job.progressWriterName()).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(job.serviceAccountName())
                .withNamespace(job.namespace()).endSubject()
                .build();
    }
}
