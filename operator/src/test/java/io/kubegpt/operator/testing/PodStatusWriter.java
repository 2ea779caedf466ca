package io.kubegpt.operator.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Writes pod statuses as a kubelet would: the API server has none. */
public final class PodStatusWriter {

    private final KubernetesClient client;

    public PodStatusWriter(KubernetesClient client) {
        this.client = client;
    }

    public void running(Pod pod) {
        write(pod, PodStatuses.running(pod));
    }

    public void terminated(Pod pod, int exitCode, String message) {
        terminated(pod, exitCode, exitCode == 0 ? "Completed" : "Error", message);
    }

    /** As the kubelet reports a container that ended, with its reason ({@code OOMKilled}, say). */
    public void terminated(Pod pod, int exitCode, String reason, String message) {
        write(pod, PodStatuses.terminated(pod, exitCode, reason, message));
    }

    public void write(Pod pod, PodStatus status) {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .editStatus(current -> {
                    current.setStatus(status);
                    return current;
                });
    }
}
