package io.kubegpt.operator.dependent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;

/**
 * The job as the trainer reads it ({@code job.yaml}, the same shape {@code kubectl apply} takes, with paths as the
 * pod sees them) and the spec the workers were started with ({@code spec.json}), against which later spec changes
 * are found. Created once when the job is accepted: a running job's spec changes are not applied.
 */
public final class TrainerConfigMap implements OwnedObject<ConfigMap> {

    public static final String JOB_FILE = "job.yaml";
    public static final String SPEC_KEY = "spec.json";

    @Override
    public ConfigMap desired(TrainingJob job) {
        return new ConfigMapBuilder()
                .withMetadata(job.ownedMetadata(job.trainerConfigName(), "config"))
                .withData(Map.of(JOB_FILE, Serialization.asYaml(trainerView(job)),
                        SPEC_KEY, Serialization.asJson(job.spec())))
                .build();
    }

    private static ObjectNode trainerView(TrainingJob job) {
        ObjectNode resource = Serialization.jsonMapper().createObjectNode();
        resource.put("apiVersion", job.resource().getApiVersion());
        resource.put("kind", job.kind());
        resource.putObject("metadata").put("name", job.name()).put("namespace", job.namespace());
        ObjectNode spec = Serialization.jsonMapper().valueToTree(job.spec());
        if (job.dataClaim() != null && spec.path("data").hasNonNull("path")) {
            ((ObjectNode) spec.get("data")).put("path", TrainerPod.DATA_MOUNT + spec.get("data").get("path").asText());
        }
        resource.set("spec", spec);
        return resource;
    }
}
