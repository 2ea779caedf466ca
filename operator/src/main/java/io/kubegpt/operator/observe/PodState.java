package io.kubegpt.operator.observe;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/** A trainer pod's life as the operator needs it: where it is and, once its trainer ended, how. */
public record PodState(Stage stage, Integer exitCode, String terminationMessage) {

    public enum Stage {
        /** Waiting to be scheduled, pulling its image or starting. */
        STARTING,
        RUNNING,
        SUCCEEDED,
        FAILED,
        /** Being deleted. */
        TERMINATING
    }

    public static PodState of(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return new PodState(Stage.TERMINATING, null, null);
        }
        Optional<ContainerStateTerminated> terminated = terminated(pod);
        Integer exitCode = terminated.map(ContainerStateTerminated::getExitCode).orElse(null);
        String message = terminated.map(ContainerStateTerminated::getMessage).orElse(null);
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase)) {
            return new PodState(Stage.SUCCEEDED, exitCode, message);
        }
        if ("Failed".equals(phase) || exitCode != null && exitCode != 0) {
            return new PodState(Stage.FAILED, exitCode, message);
        }
        if ("Running".equals(phase)) {
            return new PodState(Stage.RUNNING, null, null);
        }
        return new PodState(Stage.STARTING, null, null);
    }

    private static Optional<ContainerStateTerminated> terminated(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .map(ContainerStatus::getState)
                .filter(state -> state != null && state.getTerminated() != null)
                .map(state -> state.getTerminated())
                .findFirst();
    }

    public boolean isFailed() {
        return stage == Stage.FAILED;
    }
}
