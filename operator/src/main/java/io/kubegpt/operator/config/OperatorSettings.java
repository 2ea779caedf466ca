package io.kubegpt.operator.config;

import io.kubegpt.api.trainer.CudaTargets;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Operator settings ({@code kubegpt.*} in application.properties or {@code KUBEGPT_*} environment variables). The
 * namespaces the operator watches are {@code quarkus.operator-sdk.namespaces}.
 */
@ConfigMapping(prefix = "kubegpt")
public interface OperatorSettings {

    /** Trainer image for CPU workers, when the spec names none: the image the build makes (ImageConfigTest). */
    @WithDefault("ghcr.io/kubegpt/kubegpt-trainer:0.1.0")
    String trainerImage();

    /** Trainer image for workers with GPUs, when the spec names none. */
    @WithDefault("ghcr.io/kubegpt/kubegpt-trainer:0.1.0-cuda")
    String trainerCudaImage();

    /** Wait before the first gang restart; each further restart waits twice as long. */
    @WithDefault("10s")
    Duration restartDelay();

    /** Longest wait between gang restarts. */
    @WithDefault("5m")
    Duration restartDelayMax();

    /**
     * How long a new GPTFinetune waits for a base GPTPretrain that does not exist, counted from the fine-tune's
     * creation, before it fails: room for applying both in one go, in either order.
     */
    @WithDefault("60s")
    Duration baseGracePeriod();

    /**
     * How many disruptions (preemptions, evictions, pods deleted or stopped on request) a job may have before it fails:
     * a trainer whose image always stops as on request, or that the kubelet keeps evicting for its own disk use,
     * would otherwise restart for ever.
     */
    @WithDefault("20")
    int disruptionLimit();

    /**
     * How long past its grace period a pod may stay terminating before its node is checked: on a node that is gone
     * or out of service no kubelet is left to end it, and it is removed by force.
     */
    @WithDefault("30s")
    Duration terminationSlack();

    /**
     * How long past its grace period a pod may stay terminating on a node that is not Ready before it is removed by
     * force. Such a node may be cut off rather than down, its trainer still writing; a node that is gone or tainted
     * {@code node.kubernetes.io/out-of-service} needs only {@link #terminationSlack}.
     */
    @WithDefault("5m")
    Duration notReadyNodeGrace();

    /**
     * How long after a rank gave up on a peer ("another rank failed") the others may take to end with their own
     * cause, before the gang restarts on that rank's word.
     */
    @WithDefault("15s")
    Duration peerSettle();

    /**
     * Whether each job gets a NetworkPolicy that admits traffic to its workers only from its own pods. Without it the
     * operator neither creates nor watches NetworkPolicies, so it needs no rights on them.
     */
    @WithDefault("true")
    boolean networkPolicy();

    /**
     * The highest {@code nvidia.com/gpu.compute.major} (a node label of NVIDIA GPU feature discovery) whose nodes GPU
     * workers are scheduled on, unless their spec turns that off: the CUDA image's backend has no code for later GPUs
     * ({@link CudaTargets}). 0 or empty: no such limit, e.g. for a CUDA image of your own.
     */
    @WithDefault("" + CudaTargets.HIGHEST_MAJOR)
    OptionalInt gpuMaxComputeMajor();

    /**
     * Whether jobs labelled {@code kueue.x-k8s.io/queue-name} are admitted by Kueue: the operator creates a Workload
     * for each and creates no pod until Kueue admits it. Off: such a job is refused, as is one on a cluster that
     * does not serve Kueue's Workload API; the operator then neither reads nor watches any Kueue object.
     */
    @WithDefault("false")
    boolean kueue();

    /**
     * With {@link #kueue()}: a job without a queue name in a namespace that has a LocalQueue named {@code default}
     * is labelled with it and queued there, as Kueue does with its own job kinds; otherwise Kueue would admit its
     * pods one by one.
     */
    @WithDefault("true")
    boolean kueueDefaultQueue();

    default String image(int gpusPerWorker) {
        return gpusPerWorker > 0 ? trainerCudaImage() : trainerImage();
    }

    /**
     * Delay before the restart after disruption number {@code disruption} (1-based): none after the first, then as
     * {@link #restartDelay(int)} from the second on, so a gang disrupted again and again backs off.
     */
    default Duration disruptionDelay(int disruption) {
        return disruption <= 1 ? Duration.ZERO : restartDelay(disruption - 1);
    }

    /** Delay before restart number {@code restart} (1-based): doubling from restartDelay, capped at restartDelayMax. */
    default Duration restartDelay(int restart) {
        Duration delay = restartDelay().multipliedBy(1L << Math.min(20, Math.max(0, restart - 1)));
        return delay.compareTo(restartDelayMax()) > 0 ? restartDelayMax() : delay;
    }
}
