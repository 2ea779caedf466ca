package io.kubegpt.operator.observe;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What exists for a job right now, read from the operator's caches.
 *
 * @param existing the names of the job's objects of each kind, e.g. {@code Service -> {tiny-workers}}
 * @param workers the worker pods by index
 * @param trainerConfig the config the workers were started with; absent until the job is accepted
 * @param reported what rank 0 last wrote into the progress ConfigMap
 * @param finalSummary what worker 0's trainer wrote into its termination message when it ended
 * @param lostNodes nodes, among those holding a pod stuck terminating, that are gone, out of service or not Ready
 * @param ignoredPods the job's pods left out because their labels cannot be read, each with why
 */
public record Observation(Map<String, Set<String>> existing, Map<Integer, Pod> workers, Optional<Pod> preparation,
        Optional<ConfigMap> trainerConfig, Optional<GPTJobStatus> reported, Optional<GPTJobStatus> finalSummary,
        Map<String, NodeLoss> lostNodes, List<String> ignoredPods) {

    public boolean exists(HasMetadata object) {
        return existing.getOrDefault(object.getKind(), Set.of()).contains(object.getMetadata().getName());
    }

    public List<Pod> pods() {
        List<Pod> pods = new ArrayList<>(workers.values());
        preparation.ifPresent(pods::add);
        return pods;
    }
}
