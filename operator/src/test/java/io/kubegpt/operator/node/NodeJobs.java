package io.kubegpt.operator.node;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.operator.testing.Jobs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The jobs of the real-node tier, in a namespace of their own: the tiny example made small enough that a run takes
 * tens of seconds on two shared cores in containers, and the ways to wait for what the cluster does with them.
 */
final class NodeJobs {

    static final Duration TIMEOUT = Duration.ofMinutes(4);

    final RealNode node = RealNode.get();
    final KubernetesClient client = node.client();
    final String namespace;

    NodeJobs(String prefix) {
        namespace = node.newNamespace(prefix);
    }

    /**
     * {@link Jobs#small} with a checkpoint every 50 steps, on workers that ask for a quarter of a core each, so that
     * several jobs fit the node at once.
     */
    GPTPretrain job(String name, int workers, long steps) {
        GPTPretrain job = Jobs.with(Jobs.small(name, workers, steps), Map.of("evaluation.everySteps", 100,
                "checkpoint.everySteps", 50, "workers.terminationGracePeriodSeconds", 10,
                "workers.resources", Map.of("requests", Map.of("cpu", "250m", "memory", "1Gi"),
                        "limits", Map.of("memory", "2Gi"))));
        job.getMetadata().setNamespace(namespace);
        return job;
    }

    GPTPretrain create(GPTPretrain job) {
        return client.resource(job).create();
    }

    /** Deletes every job of the namespace and waits until their pods are gone. */
    void deleteAll() {
        client.resources(GPTPretrain.class).inNamespace(namespace).delete();
        await().atMost(TIMEOUT).until(() -> client.pods().inNamespace(namespace).list().getItems().isEmpty());
    }

    GPTJobStatus awaitStatus(String name, Predicate<GPTJobStatus> condition) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
            GPTPretrain job = client.resources(GPTPretrain.class).inNamespace(namespace).withName(name).get();
            return job == null ? null : job.getStatus();
        }, status -> status != null && status.getPhase() != null && condition.test(status));
    }

    Pod awaitRunningPod(String name) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> client.pods()
                .inNamespace(namespace).withName(name).get(), pod -> pod != null
                && pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus().getContainerStatuses() != null
                && pod.getStatus().getContainerStatuses().stream().anyMatch(c -> c.getState().getRunning() != null));
    }

    /** The job's run folder on the node: where the trainer writes on the checkpoint claim. */
    Path runFolder(String name) {
        return node.claimFolder(namespace, name + "-checkpoints").resolve(name);
    }

    /** Waits for the job's first checkpoint on the volume and returns the step of the latest one at that moment. */
    long awaitCheckpoint(String name) {
        return Jobs.awaitCheckpoint(runFolder(name), TIMEOUT);
    }
}
