package io.kubegpt.operator.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;

/** Writes pod statuses as a kubelet would: the API server has none. */
public final class PodStatusWriter {

    private final KubernetesClient client;

    public PodStatusWriter(KubernetesClient client) {
        this.client = client;
    }

    public void running(Pod pod) {
        String now = Instant.now().toString();
        write(pod, new PodStatusBuilder().withPhase("Running").withStartTime(now)
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addToContainerStatuses(new ContainerStatusBuilder().withName("trainer")
                        .withImage(pod.getSpec().getContainers().get(0).getImage()).withImageID("")
                        .withReady(true).withStarted(true).withRestartCount(0)
                        .withNewState().withNewRunning().withStartedAt(now).endRunning().endState().build())
                .build());
    }

    public void terminated(Pod pod, int exitCode, String message) {
        terminated(pod, exitCode, exitCode == 0 ? "Completed" : "Error", message);
    }

    /** As the kubelet reports a container that ended, with its reason ({@code OOMKilled}, say). */
    public void terminated(Pod pod, int exitCode, String reason, String message) {
        String now = Instant.now().toString();
        write(pod, new PodStatusBuilder().withPhase(exitCode == 0 ? "Succeeded" : "Failed").withStartTime(now)
                .addToContainerStatuses(new ContainerStatusBuilder().withName("trainer")
                        .withImage(pod.getSpec().getContainers().get(0).getImage()).withImageID("")
                        .withReady(false).withStarted(false).withRestartCount(0)
                        .withNewState().withNewTerminated().withExitCode(exitCode).withMessage(message)
                        .withReason(reason).withFinishedAt(now).endTerminated()
                        .endState().build())
                .build());
    }

    private void write(Pod pod, PodStatus status) {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .editStatus(current -> {
                    current.setStatus(status);
                    return current;
                });
    }
}
