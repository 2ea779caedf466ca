package io.kubegpt.operator.observe;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.kubegpt.api.trainer.TrainerExitCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A trainer pod's life as the operator needs it: where it is, why it is not running yet, and once its trainer ended,
 * how: the exit code, the kubelet's reason (such as {@code OOMKilled}) and the termination message, which for a
 * failed container is the tail of its log.
 *
 * @param reason for a pod that waits, the scheduler's or the kubelet's reason ({@code Unschedulable},
 *     {@code ImagePullBackOff}); for one that ended, the kubelet's ({@code OOMKilled}, {@code Evicted}) or the
 *     disruption's ({@code PreemptionByScheduler}, {@code EvictionByEvictionAPI})
 * @param disrupted whether the pod was taken away rather than failing: preempted, evicted, drained, deleted by
 *     someone else, or stopped on request after a checkpoint
 * @param endedAt when its trainer ended, if the kubelet said
 */
public record PodState(Stage stage, Integer exitCode, String reason, String message, boolean disrupted,
        Instant endedAt) {

    public PodState(Stage stage, Integer exitCode, String reason, String message, boolean disrupted) {
        this(stage, exitCode, reason, message, disrupted, null);
    }

    public enum Stage {
        /** Waiting to be scheduled, pulling its image or starting. */
        STARTING,
        RUNNING,
        SUCCEEDED,
        FAILED,
        /** Being deleted. */
        TERMINATING,
        /** Its node stopped reporting. */
        UNKNOWN;

        /** Whether the trainer in it ended, one way or the other. */
        public boolean isEnded() {
            return this == SUCCEEDED || this == FAILED;
        }
    }

    /** Kubernetes keeps at most this much of a termination message; more is cut. */
    public static final int MESSAGE_LIMIT = 4096;
    /** Start problems no wait can heal: the pod's image field is immutable. */
    private static final Set<String> NEVER_STARTS = Set.of("InvalidImageName", "ErrImageNeverPull");
    private static final String DISRUPTION_TARGET = "DisruptionTarget";

    public static PodState of(Pod pod) {
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        Optional<PodCondition> disruption = condition(status, DISRUPTION_TARGET).filter(c -> "True".equals(c.getStatus()));
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return new PodState(Stage.TERMINATING, null, disruption.map(PodCondition::getReason).orElse(null),
                    disruption.map(PodCondition::getMessage).orElse(null), true);
        }
        Optional<ContainerStateTerminated> terminated = containerState(status).map(ContainerState::getTerminated);
        Integer exitCode = terminated.map(ContainerStateTerminated::getExitCode).orElse(null);
        String phase = status.getPhase();
        if ("Succeeded".equals(phase)) {
            return new PodState(Stage.SUCCEEDED, exitCode, null, terminated.map(ContainerStateTerminated::getMessage)
                    .orElse(null), false);
        }
        if ("Failed".equals(phase) || exitCode != null && exitCode != 0) {
            String reason = status.getReason() != null ? status.getReason()
                    : disruption.map(PodCondition::getReason)
                            .orElse(terminated.map(ContainerStateTerminated::getReason).orElse(null));
            String message = terminated.map(ContainerStateTerminated::getMessage).orElse(status.getMessage());
            boolean disrupted = disruption.isPresent() || "Evicted".equals(status.getReason())
                    || exitCode != null && exitCode == TrainerExitCodes.STOPPED;
            Instant endedAt = terminated.map(ContainerStateTerminated::getFinishedAt).map(Instant::parse).orElse(null);
            return new PodState(Stage.FAILED, exitCode, reason, cut(message), disrupted, endedAt);
        }
        if ("Unknown".equals(phase)) {
            return new PodState(Stage.UNKNOWN, null, status.getReason() != null ? status.getReason() : "NodeLost",
                    status.getMessage() != null ? status.getMessage() : "its node stopped reporting", false);
        }
        if ("Running".equals(phase)) {
            return new PodState(Stage.RUNNING, null, null, null, false);
        }
        Optional<ContainerStateWaiting> waiting = containerState(status).map(ContainerState::getWaiting);
        if (waiting.isPresent() && waiting.get().getReason() != null) {
            return new PodState(Stage.STARTING, null, waiting.get().getReason(), waiting.get().getMessage(), false);
        }
        Optional<PodCondition> unscheduled = condition(status, "PodScheduled")
                .filter(c -> "False".equals(c.getStatus()));
        return new PodState(Stage.STARTING, null, unscheduled.map(PodCondition::getReason).orElse(null),
                unscheduled.map(PodCondition::getMessage).orElse(null), false);
    }

    /**
     * When a pod being deleted is overdue: {@code slack} past the end of its grace period, when its kubelet should
     * have ended it; empty for a pod not being deleted.
     */
    public static Optional<Instant> overdueAt(Pod pod, Duration slack) {
        return Optional.ofNullable(pod.getMetadata().getDeletionTimestamp()).map(Instant::parse)
                .map(deletion -> deletion.plus(slack));
    }

    public boolean isFailed() {
        return stage == Stage.FAILED;
    }

    /** Whether restarting can help: false for the trainer's exit codes that say so. */
    public boolean retryable() {
        return exitCode == null || TrainerExitCodes.retryable(exitCode);
    }

    /** A pod that waits for something that will never come. */
    public boolean neverStarts() {
        return stage == Stage.STARTING && reason != null && NEVER_STARTS.contains(reason);
    }

    /** Why a pod that is not running yet waits, if the scheduler or the kubelet said. */
    public Optional<String> waitingFor() {
        return stage == Stage.STARTING && reason != null || stage == Stage.UNKNOWN
                ? Optional.of(reason + (message == null ? "" : ": " + message)) : Optional.empty();
    }

    /** How the pod ended, for a message after its name. */
    public String describe() {
        String how;
        if ("OOMKilled".equals(reason)) {
            how = " was killed for using more memory than its limit (OOMKilled, exit code " + exitCode
                    + "): raise spec.workers.resources.limits.memory";
        } else if (exitCode != null && exitCode == TrainerExitCodes.STOPPED) {
            how = " stopped on request after saving a checkpoint" + (reason == null ? "" : " (" + reason + ")");
        } else if (disrupted || stage == Stage.TERMINATING) {
            how = reason == null ? " was deleted" : " was taken away (" + reason + ")";
        } else {
            String meaning = exitCode == null ? "" : TrainerExitCodes.meaning(exitCode);
            how = exitCode == null ? "" : " exited with code " + exitCode + (meaning.isEmpty() ? "" : " (" + meaning + ")");
        }
        return how + (message == null || message.isBlank() ? "" : ": " + message.strip());
    }

    private static String cut(String message) {
        return message == null || message.length() <= MESSAGE_LIMIT ? message
                : "..." + message.substring(message.length() - MESSAGE_LIMIT + 3);
    }

    private static Optional<PodCondition> condition(PodStatus status, String type) {
        List<PodCondition> conditions = status.getConditions();
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static Optional<ContainerState> containerState(PodStatus status) {
        List<ContainerStatus> containers = status.getContainerStatuses();
        return containers == null ? Optional.empty()
                : containers.stream().map(ContainerStatus::getState).filter(state -> state != null).findFirst();
    }
}
