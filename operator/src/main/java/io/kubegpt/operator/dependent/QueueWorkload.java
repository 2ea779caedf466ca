package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kueue Workload {@code <job>-workload} (kueue.x-k8s.io/v1beta2) of a queued job, owned by the job: one pod set
 * for the workers ({@code spec.workers.replicas} pods) and, for a job that prepares its data first, one for the
 * preparation pod; each pod set's template has what Kueue counts and places (requests, node selector, affinity,
 * tolerations), and the priority is the worker PriorityClass's. {@code spec.active} is false while the job is
 * suspended.
 */
public final class QueueWorkload implements OwnedObject<GenericKubernetesResource> {

    public static final String GROUP = "kueue.x-k8s.io";
    public static final String API_VERSION = GROUP + "/v1beta2";
    public static final String KIND = "Workload";
    /** The label that puts a job into a LocalQueue, as on Kueue's own job kinds. */
    public static final String QUEUE_LABEL = GROUP + "/queue-name";
    /** Pod set names by the component of the pods they stand for. */
    public static final Map<String, String> POD_SETS = Map.of(TrainerPod.WORKER, "workers",
            TrainerPod.PREPARATION, "prepare");

    private final String queue;
    private final Integer priority;

    /** @param priority the value of {@code spec.workers.priorityClassName}'s PriorityClass; null without one */
    public QueueWorkload(String queue, Integer priority) {
        this.queue = queue;
        this.priority = priority;
    }

    @Override
    public GenericKubernetesResource desired(TrainingJob job) {
        List<Map<String, Object>> podSets = new ArrayList<>();
        podSets.add(podSet(TrainerPod.WORKER, job.spec().getWorkers().getReplicas(), new WorkerPod(0).desired(job)));
        if (job.needsPreparation()) {
            podSets.add(podSet(TrainerPod.PREPARATION, 1, new PreparationPod().desired(job)));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("queueName", queue);
        spec.put("active", !job.spec().getSuspend());
        spec.put("podSets", podSets);
        String priorityClass = job.spec().getWorkers().getPriorityClassName();
        if (priorityClass != null) {
            spec.put("priorityClassRef", Map.of("group", "scheduling.k8s.io", "kind", "PriorityClass",
                    "name", priorityClass));
            spec.put("priority", priority);
        }
        GenericKubernetesResource workload = new GenericKubernetesResource();
        workload.setApiVersion(API_VERSION);
        workload.setKind(KIND);
        workload.setMetadata(job.ownedMetadata(job.workloadName(), "workload"));
        workload.setAdditionalProperty("spec", spec);
        return workload;
    }

    /** The pod's scheduling and its container's requests: what Kueue needs, without empty strings or volumes. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> podSet(String component, int count, Pod pod) {
        PodSpec spec = pod.getSpec();
        var container = spec.getContainers().get(0);
        PodSpec template = new PodSpecBuilder()
                .withRestartPolicy(spec.getRestartPolicy())
                .withPriorityClassName(spec.getPriorityClassName())
                .withNodeSelector(spec.getNodeSelector())
                .withAffinity(spec.getAffinity())
                .withTolerations(spec.getTolerations())
                .withContainers(new ContainerBuilder().withName(container.getName()).withImage(container.getImage())
                        .withResources(container.getResources()).build())
                .build();
        Map<String, Object> podSet = new LinkedHashMap<>();
        podSet.put("name", POD_SETS.get(component));
        podSet.put("count", count);
        podSet.put("template", Map.of("spec", Serialization.jsonMapper().convertValue(template, Map.class)));
        return podSet;
    }
}
