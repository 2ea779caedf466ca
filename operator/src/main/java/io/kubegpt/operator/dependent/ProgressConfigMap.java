package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kubegpt.api.trainer.TrainerEnvironment;

/**
 * Where rank 0 reports progress: it patches {@value TrainerEnvironment#PROGRESS_KEY} (a document shaped like the job's status) every few
 * seconds. Created empty; the operator never writes its data.
 */
public final class ProgressConfigMap implements OwnedObject<ConfigMap> {

    @Override
    public ConfigMap desired(TrainingJob job) {
        return new ConfigMapBuilder().withMetadata(job.ownedMetadata(job.progressConfigMapName(), "progress")).build();
    }
}
