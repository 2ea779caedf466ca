package io.kubegpt.operator.dependent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job as the trainer reads it ({@code job.yaml}, the same shape {@code kubectl apply} takes, with paths as the
 * pod sees them) and the spec the workers were started with ({@code spec.json}), against which later spec changes
 * are found; for a fine-tune also the base checkpoint it was accepted with ({@code base.json}). Created once when the
 * job is accepted: a running job's spec changes are not applied, and its base stays the one it started from.
 */
public final class TrainerConfigMap implements OwnedObject<ConfigMap> {

    public static final String JOB_FILE = "job.yaml";
    public static final String SPEC_KEY = "spec.json";
    public static final String BASE_KEY = "base.json";
    private static final List<String> DATA_PATHS = List.of("path", "train", "eval");

    @Override
    public ConfigMap desired(TrainingJob job) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(JOB_FILE, Serialization.asYaml(trainerView(job)));
        data.put(SPEC_KEY, Serialization.asJson(job.spec()));
        if (job.base() != null) {
            data.put(BASE_KEY, Serialization.asJson(job.base()));
        }
        return new ConfigMapBuilder()
                .withMetadata(job.ownedMetadata(job.trainerConfigName(), "config"))
                .withData(data)
                .build();
    }

    /** The base checkpoint the job was accepted with, if it has one. */
    public static Optional<BaseModel> base(ConfigMap config) {
        return Optional.ofNullable(config.getData()).map(data -> data.get(BASE_KEY))
                .map(json -> Serialization.unmarshal(json, BaseModel.class));
    }

    private static ObjectNode trainerView(TrainingJob job) {
        ObjectNode resource = Serialization.jsonMapper().createObjectNode();
        resource.put("apiVersion", job.resource().getApiVersion());
        resource.put("kind", job.kind());
        resource.putObject("metadata").put("name", job.name()).put("namespace", job.namespace());
        ObjectNode spec = Serialization.jsonMapper().valueToTree(job.spec());
        if (job.dataClaim() != null && spec.path("data").isObject()) {
            ObjectNode data = (ObjectNode) spec.get("data");
            for (String field : DATA_PATHS) {
                if (data.hasNonNull(field) && data.get(field).asText().startsWith("/")) {
                    data.put(field, TrainerPod.DATA_MOUNT + data.get(field).asText());
                }
            }
        }
        resource.set("spec", spec);
        return resource;
    }
}
