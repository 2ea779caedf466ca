package io.kubegpt.operator.observe;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubegpt.api.trainer.TrainerExitCodes;
import java.util.Optional;

/**
 * A trainer pod's life as the operator needs it: where it is and, once its trainer ended, how: the exit code, the
 * kubelet's reason (such as {@code OOMKilled}, or {@code Evicted} for the pod) and the termination message.
 */
public record PodState(Stage stage, Integer exitCode, String reason, String terminationMessage) {

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
            return new PodState(Stage.TERMINATING, null, null, null);
        }
        Optional<ContainerStateTerminated> terminated = terminated(pod);
        Integer exitCode = terminated.map(ContainerStateTerminated::getExitCode).orElse(null);
        String message = terminated.map(ContainerStateTerminated::getMessage).orElse(null);
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        String podReason = pod.getStatus() == null ? null : pod.getStatus().getReason();
        String reason = podReason != null ? podReason : terminated.map(ContainerStateTerminated::getReason).orElse(null);
        if (message == null && podReason != null && pod.getStatus().getMessage() != null) {
            message = pod.getStatus().getMessage();
        }
        if ("Succeeded".equals(phase)) {
            return new PodState(Stage.SUCCEEDED, exitCode, reason, message);
        }
        if ("Failed".equals(phase) || exitCode != null && exitCode != 0) {
            return new PodState(Stage.FAILED, exitCode, reason, message);
        }
        if ("Running".equals(phase)) {
            return new PodState(Stage.RUNNING, null, null, null);
        }
        return new PodState(Stage.STARTING, null, null, null);
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

    /** Whether restarting can help: false for the trainer's exit codes that say so. */
    public boolean retryable() {
        return exitCode == null || TrainerExitCodes.retryable(exitCode);
    }

    /** How the pod ended, for a message after its name. */
    public String describe() {
        String how;
        if ("OOMKilled".equals(reason)) {
            how = " was killed for using more memory than its limit (OOMKilled, exit code " + exitCode
                    + "): raise spec.workers.resources.limits.memory";
        } else if ("Evicted".equals(reason)) {
            how = " was evicted by its node";
        } else {
            how = exitCode == null ? "" : " exited with code " + exitCode;
        }
        return how + (terminationMessage == null ? "" : ": " + terminationMessage.strip());
    }
}
