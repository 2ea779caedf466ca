package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;

/** get and patch on the job's progress ConfigMap, by name, and nothing else. */
public final class ProgressRole implements OwnedObject<Role> {

    @Override
    public Role desired(TrainingJob job) {
        return new RoleBuilder()
                .withMetadata(job.ownedMetadata(job.progressWriterName(), "trainer"))
                .addNewRule()
                .withApiGroups("")
                .withResources("configmaps")
                .withResourceNames(job.progressConfigMapName())
                .withVerbs("get", "patch")
                .endRule()
                .build();
    }
}
