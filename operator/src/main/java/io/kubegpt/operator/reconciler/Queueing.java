package io.kubegpt.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.kubegpt.api.v1alpha1.GangInterruption;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.config.OperatorSettings;
import io.kubegpt.operator.dependent.FlavourPlacement;
import io.kubegpt.operator.dependent.QueueWorkload;
import io.kubegpt.operator.dependent.TrainingJob;
import io.kubegpt.operator.observe.Observation;
import io.kubegpt.operator.observe.QueueAdmission;
import io.kubegpt.operator.status.JobStatusUpdate;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Kueue's part in a queued job, as Kueue's own job integrations play it: the job's Workload is created first and
 * no pod is made until Kueue admits it; the admitted pods get the assigned flavours' node labels and tolerations;
 * {@code spec.suspend} makes the Workload inactive; an eviction stops the workers as a suspend does and, once they
 * are gone, gives the quota back (admission cleared, {@code Requeued}); the Workload learns {@code PodsReady} when
 * every worker runs and {@code Finished} when the job ends. The Workload's status is written as Kueue writes it:
 * a forced server-side apply by {@value #FIELD_MANAGER} with the whole list of conditions (an API server without
 * the Workload's OpenAPI model replaces that list whole), at the resourceVersion read, so a condition Kueue has
 * just added is never lost.
 */
final class Queueing {

    static final String FIELD_MANAGER = "kueue-admission";
    static final String DEFAULT_QUEUE = "default";
    /** How soon a Workload write that lost a race with Kueue is tried again. */
    static final Duration RETRY = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(Queueing.class);

    /** What Kueue lets the job do in this pass. */
    sealed interface Decision {
    }

    /** The job may run, its pods placed as admitted. */
    record Run(TrainingJob job) implements Decision {
    }

    /** The job must have no pods: it waits in its queue, or stops for an eviction. */
    record Hold(String reason, String message) implements Decision {
    }

    private final TrainingJob job;
    private final String queue;
    private final Optional<QueueAdmission> workload;
    private final JobStatusUpdate update;
    private final KubernetesClient client;

    Queueing(TrainingJob job, String queue, Optional<QueueAdmission> workload, JobStatusUpdate update,
            KubernetesClient client) {
        this.job = job;
        this.queue = queue;
        this.workload = workload;
        this.update = update;
        this.client = client;
    }

    /** Whether the operator watches Workloads: the integration is on and the cluster serves Kueue's API. */
    static boolean watched(Context<?> context) {
        return !context.eventSourceRetriever().getEventSourcesFor(GenericKubernetesResource.class).isEmpty();
    }

    /**
     * The queue of a job not yet accepted: its label's, or with {@link OperatorSettings#kueueDefaultQueue()} the
     * namespace's LocalQueue {@value #DEFAULT_QUEUE}, which is then put on the job as Kueue puts it on its own
     * jobs (Kueue leaves alone the pods of a job that carries it); null when it is not queued.
     */
    static String queueOf(HasMetadata resource, OperatorSettings settings, KubernetesClient client) {
        String label = label(resource);
        if (label != null || !settings.kueueDefaultQueue()) {
            return label;
        }
        String namespace = resource.getMetadata().getNamespace();
        if (client.genericKubernetesResources(QueueWorkload.GROUP + "/v1beta2", "LocalQueue").inNamespace(namespace)
                .withName(DEFAULT_QUEUE).get() == null) {
            return null;
        }
        GenericKubernetesResource labelled = client.genericKubernetesResources(resource.getApiVersion(),
                resource.getKind()).inNamespace(namespace).withName(resource.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("metadata",
                        Map.of("labels", Map.of(QueueWorkload.QUEUE_LABEL, DEFAULT_QUEUE)))));
        // this pass's status is written at the version the label made
        resource.getMetadata().setResourceVersion(labelled.getMetadata().getResourceVersion());
        Map<String, String> labels = new HashMap<>(resource.getMetadata().getLabels() == null ? Map.of()
                : resource.getMetadata().getLabels());
        labels.put(QueueWorkload.QUEUE_LABEL, DEFAULT_QUEUE);
        resource.getMetadata().setLabels(labels);
        return DEFAULT_QUEUE;
    }

    static String label(HasMetadata resource) {
        Map<String, String> labels = resource.getMetadata().getLabels();
        return labels == null ? null : labels.get(QueueWorkload.QUEUE_LABEL);
    }

    /** Creates the Workload, keeps it active unless suspended, and shows its conditions in the job's. */
    Decision admit(ObjectCreator creator) {
        update.status().setQueue(queue);
        update.status().setWorkload(job.workloadName());
        if (workload.isEmpty()) {
            create(creator);
            return new Hold("Queued", "waiting for Kueue to admit Workload " + job.workloadName() + " in LocalQueue "
                    + queue);
        }
        QueueAdmission current = workload.get();
        boolean active = !job.spec().getSuspend();
        if (current.active() != active) {
            client.genericKubernetesResources(QueueWorkload.API_VERSION, QueueWorkload.KIND)
                    .inNamespace(job.namespace()).withName(current.name())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("spec",
                            Map.of("active", active))));
        }
        for (String type : List.of(QueueAdmission.QUOTA_RESERVED, QueueAdmission.ADMITTED)) {
            current.condition(type).ifPresent(c -> update.condition(type, "True".equals(c.getStatus()),
                    c.getReason(), c.getMessage()));
        }
        Optional<Condition> eviction = current.eviction();
        if (eviction.isPresent()) {
            Condition evicted = eviction.get();
            if (!job.spec().getSuspend() && update.phase() != Phase.Queued && update.phase() != Phase.Suspended) {
                recordEviction(evicted);
            }
            return new Hold(evicted.getReason(), "Kueue evicted Workload " + current.name() + ": "
                    + evicted.getMessage());
        }
        if (!current.admitted()) {
            String why = current.condition(QueueAdmission.QUOTA_RESERVED).map(Condition::getMessage)
                    .orElse("not yet seen by Kueue");
            return new Hold("Queued", "waiting for Kueue to admit Workload " + current.name() + " in LocalQueue "
                    + queue + ": " + why);
        }
        Map<String, FlavourPlacement> placements = new HashMap<>();
        if (update.phase() != Phase.Running) {
            QueueWorkload.POD_SETS.forEach((component, podSet) -> placements.put(component,
                    placement(current.flavours(podSet))));
        }
        return new Run(job.withPlacements(placements));
    }

    /**
     * After the plan: gives the quota back once an evicted job's pods are gone, and tells Kueue the workers run.
     * Returns when to look again after a write that lost a race.
     */
    Optional<Duration> afterPlan(Observation observed, GangPlan plan) {
        if (workload.isEmpty()) {
            return Optional.empty();
        }
        QueueAdmission current = workload.get();
        boolean noPods = observed.pods().isEmpty() && plan.creations().isEmpty();
        Optional<Condition> eviction = current.eviction();
        if (eviction.isPresent() && current.holdsQuota() && noPods) {
            return release(current, eviction.get());
        }
        if (current.admitted() && update.phase() == Phase.Running && !current.isTrue(QueueAdmission.PODS_READY)) {
            return applyStatus(current, with(current.conditions(), condition(QueueAdmission.PODS_READY, true,
                    QueueAdmission.PODS_READY, "All pods reached readiness and the workload is running",
                    current.generation())), true);
        }
        return Optional.empty();
    }

    /** Tells Kueue the job ended, so it frees the quota at once. */
    Optional<Duration> finished() {
        if (workload.isEmpty() || workload.get().isTrue(QueueAdmission.FINISHED)) {
            return Optional.empty();
        }
        QueueAdmission current = workload.get();
        String reason = update.phase() == Phase.Succeeded ? "Succeeded" : "Failed";
        String message = update.status().getMessage() == null || update.status().getMessage().isBlank()
                ? "the job " + reason.toLowerCase() : update.status().getMessage();
        return applyStatus(current, with(current.conditions(), condition(QueueAdmission.FINISHED, true, reason,
                message, current.generation())), true);
    }

    private void create(ObjectCreator creator) {
        String priorityClass = job.spec().getWorkers().getPriorityClassName();
        Integer priority = null;
        if (priorityClass != null) {
            PriorityClass found = client.scheduling().v1().priorityClasses().withName(priorityClass).get();
            if (found == null) {
                creator.refuse("PriorityClass " + priorityClass + " (spec.workers.priorityClassName) does not exist,"
                        + " so Workload " + job.workloadName() + " has no priority to queue with");
                return;
            }
            priority = found.getValue();
        }
        creator.create(new QueueWorkload(queue, priority).desired(job));
    }

    private void recordEviction(Condition evicted) {
        GangInterruption record = new GangInterruption();
        record.setTime(update.now().toString());
        record.setAttempt(update.status().attempt());
        record.setReason(evicted.getReason());
        record.setMessage(evicted.getMessage());
        record.setCounted(false);
        update.status().setLastInterruption(record);
    }

    /**
     * As Kueue's job reconciler does once an evicted job is no longer active: no admission, {@code QuotaReserved}
     * False (Pending), {@code Admitted} False, and {@code Requeued} True unless the Workload was deactivated.
     */
    private Optional<Duration> release(QueueAdmission current, Condition evicted) {
        long generation = current.generation();
        List<Condition> conditions = with(current.conditions(), condition(QueueAdmission.QUOTA_RESERVED, false,
                "Pending", evicted.getMessage(), generation));
        conditions = with(conditions, condition(QueueAdmission.ADMITTED, false, "NoReservation",
                "The workload has no reservation", generation));
        boolean requeued = !"Deactivated".equals(evicted.getReason()) && current.active();
        conditions = with(conditions, condition(QueueAdmission.REQUEUED, requeued, evicted.getReason(),
                evicted.getMessage(), generation));
        if (current.condition(QueueAdmission.PODS_READY).isPresent()) {
            conditions = with(conditions, condition(QueueAdmission.PODS_READY, false, "WaitForStart",
                    "the workers are stopped", generation));
        }
        return applyStatus(current, conditions, false);
    }

    private Optional<Duration> applyStatus(QueueAdmission current, List<Condition> conditions, boolean admission) {
        Map<String, Object> status = new LinkedHashMap<>();
        if (admission && current.admission() != null) {
            status.put("admission", current.admission());
        }
        status.put("conditions", conditions);
        GenericKubernetesResource apply = new GenericKubernetesResource();
        apply.setApiVersion(QueueWorkload.API_VERSION);
        apply.setKind(QueueWorkload.KIND);
        apply.setMetadata(new ObjectMetaBuilder().withName(current.name()).withNamespace(job.namespace())
                .withResourceVersion(current.workload().getMetadata().getResourceVersion()).build());
        apply.setAdditionalProperty("status", status);
        try {
            client.genericKubernetesResources(QueueWorkload.API_VERSION, QueueWorkload.KIND)
                    .inNamespace(job.namespace()).resource(apply).subresource("status")
                    .patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
                            .withFieldManager(FIELD_MANAGER).withForce(true).build());
            return Optional.empty();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            LOG.debugf("Workload %s changed meanwhile; writing its status again", current.name());
            return Optional.of(RETRY);
        }
    }

    /** The flavours' node labels and tolerations, read from the ResourceFlavors. */
    @SuppressWarnings("unchecked")
    private FlavourPlacement placement(Iterable<String> flavours) {
        Map<String, String> labels = new LinkedHashMap<>();
        List<Toleration> tolerations = new ArrayList<>();
        for (String name : flavours) {
            GenericKubernetesResource flavour = client.genericKubernetesResources(QueueWorkload.API_VERSION,
                    "ResourceFlavor").withName(name).get();
            Object spec = flavour == null ? null : flavour.getAdditionalProperties().get("spec");
            if (!(spec instanceof Map<?, ?> flavourSpec)) {
                continue;
            }
            if (flavourSpec.get("nodeLabels") instanceof Map<?, ?> nodeLabels) {
                labels.putAll((Map<String, String>) nodeLabels);
            }
            if (flavourSpec.get("tolerations") instanceof List<?> list) {
                list.stream().map(t -> Serialization.jsonMapper().convertValue(t, Toleration.class))
                        .filter(t -> !tolerations.contains(t)).forEach(tolerations::add);
            }
        }
        return new FlavourPlacement(labels, tolerations);
    }

    private Condition condition(String type, boolean value, String reason, String message, long generation) {
        Optional<Condition> existing = workload.flatMap(current -> current.condition(type));
        String statusValue = value ? "True" : "False";
        String since = existing.filter(c -> statusValue.equals(c.getStatus()))
                .map(Condition::getLastTransitionTime)
                .orElse(update.now().truncatedTo(ChronoUnit.SECONDS).toString());
        // the Workload's conditions require a message, and this API server refuses empty strings
        return new ConditionBuilder().withType(type).withStatus(statusValue).withReason(reason)
                .withMessage(message == null || message.isBlank() ? reason : message)
                .withObservedGeneration(generation).withLastTransitionTime(since).build();
    }

    /** The conditions with {@code condition} in place of the one of its type. */
    private static List<Condition> with(List<Condition> conditions, Condition condition) {
        List<Condition> all = new ArrayList<>(conditions.stream()
                .filter(c -> !c.getType().equals(condition.getType())).toList());
        all.add(condition);
        return all;
    }
}
