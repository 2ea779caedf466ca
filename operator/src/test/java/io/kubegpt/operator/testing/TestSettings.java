package io.kubegpt.operator.testing;

import io.kubegpt.api.trainer.CudaTargets;
import io.kubegpt.operator.config.OperatorSettings;
import java.time.Duration;
import java.util.OptionalInt;

/** Operator settings for tests: short restart delays and short waits for a missing base model, nodes and peers. */
public record TestSettings(String trainerImage, String trainerCudaImage, Duration restartDelay,
        Duration restartDelayMax, Duration baseGracePeriod, Duration terminationSlack, Duration notReadyNodeGrace,
        Duration peerSettle, int disruptionLimit, boolean networkPolicy, OptionalInt gpuMaxComputeMajor, boolean kueue,
        boolean kueueDefaultQueue)
        implements OperatorSettings {

    public static final TestSettings DEFAULT = new TestSettings("kubegpt/trainer:test", "kubegpt/trainer-cuda:test",
            Duration.ofSeconds(1), Duration.ofSeconds(4));

    public TestSettings(String trainerImage, String trainerCudaImage, Duration restartDelay, Duration restartDelayMax) {
        this(trainerImage, trainerCudaImage, restartDelay, restartDelayMax, Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), 20, true,
                OptionalInt.of(CudaTargets.HIGHEST_MAJOR), false, true);
    }

    public TestSettings withoutNetworkPolicy() {
        return new TestSettings(trainerImage, trainerCudaImage, restartDelay, restartDelayMax, baseGracePeriod,
                terminationSlack, notReadyNodeGrace, peerSettle, disruptionLimit, false, gpuMaxComputeMajor, kueue, kueueDefaultQueue);
    }

    public TestSettings withGpuMaxComputeMajor(OptionalInt major) {
        return new TestSettings(trainerImage, trainerCudaImage, restartDelay, restartDelayMax, baseGracePeriod,
                terminationSlack, notReadyNodeGrace, peerSettle, disruptionLimit, networkPolicy, major, kueue, kueueDefaultQueue);
    }

    public TestSettings withNotReadyNodeGrace(Duration grace) {
        return new TestSettings(trainerImage, trainerCudaImage, restartDelay, restartDelayMax, baseGracePeriod,
                terminationSlack, grace, peerSettle, disruptionLimit, networkPolicy, gpuMaxComputeMajor, kueue,
                kueueDefaultQueue);
    }

    /** With the Kueue integration on, the default LocalQueue honoured or not. */
    public TestSettings withKueue(boolean defaultQueue) {
        return new TestSettings(trainerImage, trainerCudaImage, restartDelay, restartDelayMax, baseGracePeriod,
                terminationSlack, notReadyNodeGrace, peerSettle, disruptionLimit, networkPolicy, gpuMaxComputeMajor,
                true, defaultQueue);
    }
}
