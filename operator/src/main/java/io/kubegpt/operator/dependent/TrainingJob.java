package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.kubegpt.api.v1alpha1.GPTJobSpec;
import io.kubegpt.api.v1alpha1.validation.JobName;
import io.kubegpt.operator.config.OperatorSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GPTPretrain or GPTFinetune as the owned objects see it: its identity, its spec, the trainer command that runs it
 * and the names and labels of everything the operator creates for it.
 *
 * @param trainerCommand the trainer CLI command, e.g. {@code pretrain}
 * @param dataClaim a claim holding the job's input data, mounted read-only at {@link TrainerPod#DATA_MOUNT}; null
 *     when the data comes from elsewhere
 * @param needsPreparation whether a preparation pod builds the tokenizer and token files before the workers start
 * @param base the checkpoint a fine-tune starts from; null for a pre-train, and until a fine-tune is accepted
 * @param attempt which try of the gang its pods belong to: {@code status.restarts + status.disruptions}
 * @param placements where Kueue's admission puts the pods of each component ({@link TrainerPod#WORKER},
 *     {@link TrainerPod#PREPARATION}); empty for a job Kueue does not admit
 */
public record TrainingJob(HasMetadata resource, GPTJobSpec spec, String trainerCommand, String dataClaim,
        boolean needsPreparation, OperatorSettings settings, BaseModel base, int attempt,
        Map<String, FlavourPlacement> placements) {

    public TrainingJob(HasMetadata resource, GPTJobSpec spec, String trainerCommand, String dataClaim,
            boolean needsPreparation, OperatorSettings settings) {
        this(resource, spec, trainerCommand, dataClaim, needsPreparation, settings, null, 0, Map.of());
    }

    /** The same job starting from that base checkpoint. */
    public TrainingJob withBase(BaseModel base) {
        return new TrainingJob(resource, spec, trainerCommand, dataClaim, needsPreparation, settings, base, attempt,
                placements);
    }

    /** The same job's pods of that attempt. */
    public TrainingJob withAttempt(int attempt) {
        return new TrainingJob(resource, spec, trainerCommand, dataClaim, needsPreparation, settings, base, attempt,
                placements);
    }

    /** The same job with its pods placed as Kueue admitted them, by component. */
    public TrainingJob withPlacements(Map<String, FlavourPlacement> placements) {
        return new TrainingJob(resource, spec, trainerCommand, dataClaim, needsPreparation, settings, base, attempt,
                Map.copyOf(placements));
    }

    /** The placement of a component's pods: none unless Kueue admitted the job. */
    public FlavourPlacement placement(String component) {
        return placements.getOrDefault(component, FlavourPlacement.NONE);
    }

    public static final String JOB_LABEL = "kubegpt.io/job";
    public static final String KIND_LABEL = "kubegpt.io/kind";
    public static final String COMPONENT_LABEL = "kubegpt.io/component";
    public static final String RANK_LABEL = "kubegpt.io/rank";
    public static final String ATTEMPT_LABEL = "kubegpt.io/attempt";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "kubegpt-operator";

    public String uid() {
        return resource.getMetadata().getUid();
    }

    public String name() {
        return resource.getMetadata().getName();
    }

    public String namespace() {
        return resource.getMetadata().getNamespace();
    }

    public String kind() {
        return resource.getKind();
    }

    public String trainerConfigName() {
        return name() + "-trainer-config";
    }

    public String progressConfigMapName() {
        return name() + "-progress";
    }

    public String serviceName() {
        return name() + "-workers";
    }

    /** Named as the Service is: each is about the workers as a group. */
    public String networkPolicyName() {
        return serviceName();
    }

    public String disruptionBudgetName() {
        return serviceName();
    }

    public String serviceAccountName() {
        return name() + "-trainer";
    }

    public String progressWriterName() {
        return name() + "-progress-writer";
    }

    public String workerPodName(int rank) {
        return name() + JobName.WORKER_POD_INFIX + rank;
    }

    /** Each attempt has its own, so the ranks of two attempts never hold the same secret. */
    public String rendezvousSecretName(int attempt) {
        return name() + "-rendezvous-" + attempt;
    }

    /** The Kueue Workload of a queued job. */
    public String workloadName() {
        return name() + "-workload";
    }

    public String preparationPodName() {
        return name() + "-prepare";
    }

    /** The claim the workers write checkpoints to: the spec's existing claim, or the one the operator creates. */
    public String checkpointClaimName() {
        String existing = spec.getCheckpoint().getClaimName();
        return existing != null ? existing : name() + "-checkpoints";
    }

    /** Labels that select every object of this job, and the job from any of them. */
    public Map<String, String> selectorLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(JOB_LABEL, name());
        labels.put(KIND_LABEL, kind());
        return labels;
    }

    /** Labels that select the job's worker pods. */
    public Map<String, String> workerSelectorLabels() {
        Map<String, String> labels = selectorLabels();
        labels.put(COMPONENT_LABEL, TrainerPod.WORKER);
        return labels;
    }

    public Map<String, String> labels(String component) {
        Map<String, String> labels = selectorLabels();
        labels.put(COMPONENT_LABEL, component);
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put("app.kubernetes.io/name", "kubegpt");
        labels.put("app.kubernetes.io/instance", name());
        return labels;
    }

    /** Metadata of an object owned by the job, so deleting the job deletes it. */
    public ObjectMeta ownedMetadata(String objectName, String component) {
        return new ObjectMetaBuilder(unownedMetadata(objectName, component)).withOwnerReferences(ownerReference())
                .build();
    }

    /** Metadata of an object that outlives the job; the labels still tie it to the job. */
    public ObjectMeta unownedMetadata(String objectName, String component) {
        return new ObjectMetaBuilder().withName(objectName).withNamespace(namespace())
                .withLabels(labels(component)).build();
    }

    public OwnerReference ownerReference() {
        return new OwnerReferenceBuilder().withApiVersion(resource.getApiVersion()).withKind(kind())
                .withName(name()).withUid(resource.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
    }
}
