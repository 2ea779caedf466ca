package io.kubegpt.operator.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.kubegpt.api.trainer.TrainerEnvironment;
import io.kubegpt.api.v1alpha1.FiniteNumbers;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.operator.dependent.Ownership;
import io.kubegpt.operator.dependent.TrainerConfigMap;
import io.kubegpt.operator.dependent.TrainingJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/** Reads a job's owned objects from the informer caches into an {@link Observation}. */
public final class JobObserver {

    private static final Logger LOG = Logger.getLogger(JobObserver.class);
    /** The taint an administrator puts on a node known to run nothing any more (non-graceful node shutdown). */
    private static final String OUT_OF_SERVICE_TAINT = "node.kubernetes.io/out-of-service";

    private final Set<Class<? extends HasMetadata>> watchedTypes;
    private final Duration terminationSlack;

    /** {@code terminationSlack}: how long past its grace period a terminating pod's node is checked. */
    public JobObserver(Set<Class<? extends HasMetadata>> watchedTypes, Duration terminationSlack) {
        this.watchedTypes = watchedTypes;
        this.terminationSlack = terminationSlack;
    }

    public Observation observe(TrainingJob job, Context<?> context) {
        Map<String, Set<String>> existing = new HashMap<>();
        for (Class<? extends HasMetadata> type : watchedTypes) {
            for (HasMetadata object : own(context, type, job)) {
                existing.computeIfAbsent(object.getKind(), kind -> new HashSet<>()).add(object.getMetadata().getName());
            }
        }
        Map<Integer, Pod> workers = new TreeMap<>();
        Pod preparation = null;
        List<String> ignoredPods = new ArrayList<>();
        for (Pod pod : own(context, Pod.class, job)) {
            Optional<String> unreadable = TrainerPodLabels.unreadable(pod, job);
            if (unreadable.isPresent()) {
                ignoredPods.add(unreadable.get());
            } else if (pod.getMetadata().getName().equals(job.preparationPodName())) {
                preparation = pod;
            } else {
                workers.put(TrainerPodLabels.rank(pod), pod);
            }
        }
        Optional<ConfigMap> trainerConfig = configMap(context, job, job.trainerConfigName())
                .filter(config -> config.getData() != null && config.getData().containsKey(TrainerConfigMap.SPEC_KEY));
        Optional<GPTJobStatus> reported = configMap(context, job, job.progressConfigMapName())
                .map(ConfigMap::getData).map(data -> data.get(TrainerEnvironment.PROGRESS_KEY))
                .flatMap(json -> parse(json, job.progressConfigMapName()));
        Optional<GPTJobStatus> finalSummary = Optional.ofNullable(workers.get(0)).map(PodState::of)
                .map(PodState::message).flatMap(json -> parse(json, job.workerPodName(0)));
        List<Pod> pods = new ArrayList<>(workers.values());
        if (preparation != null) {
            pods.add(preparation);
        }
        return new Observation(existing, workers, Optional.ofNullable(preparation), trainerConfig, reported,
                finalSummary, lostNodes(pods, context.getClient()), ignoredPods);
    }

    /**
     * The nodes of pods still terminating when overdue ({@link PodState#overdueAt}) that are gone, out of service or
     * not Ready. Read only then, and a node the operator may not read counts as present: a pod is removed by force
     * only on proof.
     */
    private Map<String, NodeLoss> lostNodes(List<Pod> pods, KubernetesClient client) {
        Instant now = Instant.now();
        Map<String, NodeLoss> lost = new HashMap<>();
        for (Pod pod : pods) {
            String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            boolean overdue = PodState.overdueAt(pod, terminationSlack).filter(at -> !now.isBefore(at)).isPresent();
            if (!overdue || nodeName == null || lost.containsKey(nodeName)) {
                continue;
            }
            try {
                loss(client.nodes().withName(nodeName).get()).ifPresent(loss -> lost.put(nodeName, loss));
            } catch (KubernetesClientException e) {
                LOG.warnf("cannot read node %s of pod %s stuck terminating: %s", nodeName,
                        pod.getMetadata().getName(), e.getMessage());
            }
        }
        return lost;
    }

    private static Optional<NodeLoss> loss(Node node) {
        if (node == null) {
            return Optional.of(NodeLoss.GONE);
        }
        if (node.getSpec() != null && node.getSpec().getTaints() != null && node.getSpec().getTaints().stream()
                .anyMatch(taint -> OUT_OF_SERVICE_TAINT.equals(taint.getKey()))) {
            return Optional.of(NodeLoss.OUT_OF_SERVICE);
        }
        boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        return ready ? Optional.empty() : Optional.of(NodeLoss.NOT_READY);
    }

    /** The job's own objects of a type: what the cache holds for its name may be a namesake's (see {@link Ownership}). */
    private static <R extends HasMetadata> List<R> own(Context<?> context, Class<R> type, TrainingJob job) {
        return context.getSecondaryResources(type).stream().filter(object -> Ownership.isOwn(object, job)).toList();
    }

    private static Optional<ConfigMap> configMap(Context<?> context, TrainingJob job, String name) {
        return own(context, ConfigMap.class, job).stream()
                .filter(configMap -> name.equals(configMap.getMetadata().getName())).findFirst();
    }

    /**
     * A report that is not a status document (a crash's log tail, say) is ignored; a NaN or infinite number in one is
     * dropped, so it never reaches a status patch.
     */
    private static Optional<GPTJobStatus> parse(String json, String source) {
        if (json == null || !json.trim().startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.of(FiniteNumbers.clear(Serialization.jsonMapper().readValue(json, GPTJobStatus.class)));
        } catch (JsonProcessingException e) {
            LOG.debugf("ignoring a report from %s that is not a status: %s", source, e.getMessage());
            return Optional.empty();
        }
    }
}
