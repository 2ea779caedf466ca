package io.kubegpt.operator.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;

/** Pod statuses as a kubelet and the control plane write them, for each state a trainer pod can be in. */
public final class PodStatuses {

    private PodStatuses() {
    }

    public static PodStatus running(Pod pod) {
        String now = Instant.now().toString();
        return new PodStatusBuilder().withPhase("Running").withStartTime(now)
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addToContainerStatuses(container(pod).withReady(true).withStarted(true)
                        .withNewState().withNewRunning().withStartedAt(now).endRunning().endState().build())
                .build();
    }

    /** A container that ended, with the kubelet's reason ({@code Error}, {@code OOMKilled}, ...). */
    public static PodStatus terminated(Pod pod, int exitCode, String reason, String message) {
        String now = Instant.now().toString();
        return new PodStatusBuilder().withPhase(exitCode == 0 ? "Succeeded" : "Failed").withStartTime(now)
                .addToContainerStatuses(container(pod).withReady(false).withStarted(false)
                        .withNewState().withNewTerminated().withExitCode(exitCode).withMessage(message)
                        .withReason(reason).withFinishedAt(now).endTerminated().endState().build())
                .build();
    }

    /** A scheduled pod whose container cannot start yet: {@code ImagePullBackOff}, {@code CreateContainerConfigError}. */
    public static PodStatus waiting(Pod pod, String reason, String message) {
        return new PodStatusBuilder().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                .addToContainerStatuses(container(pod).withReady(false).withStarted(false)
                        .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting()
                        .endState().build())
                .build();
    }

    /** A pod the scheduler cannot place, with its message ({@code 0/3 nodes are available: ...}). */
    public static PodStatus unschedulable(String message) {
        return new PodStatusBuilder().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage(message).endCondition()
                .build();
    }

    /** What the node lifecycle controller leaves when a node stops reporting. */
    public static PodStatus unknown() {
        return new PodStatusBuilder().withPhase("Unknown").withReason("NodeLost")
                .withMessage("Node worker-a which was running pod is unresponsive").build();
    }

    /** The condition the control plane adds before it takes a pod away (preemption, eviction, taint). */
    public static PodStatus disruptionTarget(PodStatus status, String reason) {
        return new PodStatusBuilder(status).addToConditions(new PodConditionBuilder().withType("DisruptionTarget")
                .withStatus("True").withReason(reason).withMessage(reason + ": taken away").build()).build();
    }

    private static ContainerStatusBuilder container(Pod pod) {
        return new ContainerStatusBuilder().withName("trainer").withImage(pod.getSpec().getContainers().get(0)
                .getImage()).withImageID("").withRestartCount(0);
    }
}
