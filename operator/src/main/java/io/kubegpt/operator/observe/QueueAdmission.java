package io.kubegpt.operator.observe;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.kubegpt.operator.dependent.Ownership;
import io.kubegpt.operator.dependent.TrainingJob;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A queued job's Kueue Workload as the operator's cache holds it: whether it is active, its conditions
 * ({@code QuotaReserved}, {@code Admitted}, {@code Evicted}, {@code PodsReady}, {@code Finished}, ...) and the
 * ResourceFlavors its admission assigned to each pod set.
 *
 * @param admission {@code status.admission} as Kueue wrote it; null while the Workload holds no quota
 */
public record QueueAdmission(GenericKubernetesResource workload, boolean active, List<Condition> conditions,
        Map<String, Object> admission) {

    public static final String QUOTA_RESERVED = "QuotaReserved";
    public static final String ADMITTED = "Admitted";
    public static final String EVICTED = "Evicted";
    public static final String PODS_READY = "PodsReady";
    public static final String FINISHED = "Finished";
    public static final String REQUEUED = "Requeued";

    /** The job's own Workload in the cache, when the operator watches Workloads and the job has one. */
    public static Optional<QueueAdmission> observe(TrainingJob job, Context<?> context) {
        return context.getSecondaryResources(GenericKubernetesResource.class).stream()
                .filter(workload -> job.workloadName().equals(workload.getMetadata().getName())
                        && Ownership.isOwn(workload, job))
                .findFirst().map(QueueAdmission::of);
    }

    @SuppressWarnings("unchecked")
    public static QueueAdmission of(GenericKubernetesResource workload) {
        Map<String, Object> spec = map(workload.getAdditionalProperties().get("spec"));
        Map<String, Object> status = map(workload.getAdditionalProperties().get("status"));
        List<Condition> conditions = status.get("conditions") == null ? List.of()
                : ((List<Object>) status.get("conditions")).stream()
                        .map(c -> Serialization.jsonMapper().convertValue(c, Condition.class)).toList();
        return new QueueAdmission(workload, !Boolean.FALSE.equals(spec.get("active")), conditions,
                status.get("admission") == null ? null : map(status.get("admission")));
    }

    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public boolean isTrue(String type) {
        return condition(type).filter(c -> "True".equals(c.getStatus())).isPresent();
    }

    /** Kueue admitted the Workload and has not evicted it: its pods may run. */
    public boolean admitted() {
        return isTrue(ADMITTED) && eviction().isEmpty();
    }

    /** The {@code Evicted=True} condition: preempted, deactivated, PodsReady timeout, ... */
    public Optional<Condition> eviction() {
        return condition(EVICTED).filter(c -> "True".equals(c.getStatus()));
    }

    /** Whether the Workload still holds quota, which an evicted job gives back once its pods are gone. */
    public boolean holdsQuota() {
        return admission != null || isTrue(QUOTA_RESERVED);
    }

    /** The names of the ResourceFlavors the admission assigned to a pod set's resources. */
    public Set<String> flavours(String podSet) {
        Set<String> flavours = new LinkedHashSet<>();
        Object assignments = admission == null ? null : admission.get("podSetAssignments");
        if (assignments instanceof List<?> list) {
            list.stream().map(QueueAdmission::map).filter(assignment -> podSet.equals(assignment.get("name")))
                    .forEach(assignment -> map(assignment.get("flavors")).values()
                            .forEach(flavour -> flavours.add(String.valueOf(flavour))));
        }
        return flavours;
    }

    public String name() {
        return workload.getMetadata().getName();
    }

    public long generation() {
        Long generation = workload.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
