package io.kubegpt.operator.testing;

import io.kubegpt.api.trainer.CudaTargets;
import io.kubegpt.operator.config.OperatorSettings;
import java.time.Duration;
import java.util.OptionalInt;

/** Operator settings for tests: short restart delays and short waits for a missing base model, nodes and peers. */
public record TestSettings(String trainerImage, String trainerCudaImage, Duration restartDelay,
        Duration restartDelayMax, Duration baseGracePeriod, Duration terminationSlack, Duration notReadyNodeGrace,
        Duration peerSettle, int disruptionLimit, boolean networkPolicy, OptionalInt gpuMaxComputeMajor)
        implements OperatorSettings {

    public static final TestSettings DEFAULT = new TestSettings("kubegpt/trainer:test", "kubegpt/trainer-cuda:test",
            Duration.ofSeconds(1), Duration.ofSeconds(4));

    public TestSettings(String trainerImage, String trainerCudaImage, Duration restartDelay, Duration restartDelayMax) {
        this(trainerImage, trainerCudaImage, restartDelay, restartDelayMax, Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), 20, true,
                OptionalInt.of(CudaTargets.HIGHEST_MAJOR));
    }

    public TestSettings withoutNetworkPolicy() {
        return new TestSettings(trainerImage, trainerCudaImage, restartDelay, restartDelayMax, baseGracePeriod,
                terminationSlack, notReadyNodeGrace, peerSettle, disruptionLimit, false, gpuMaxComputeMajor);
    }

    public TestSettings withGpuMaxComputeMajor(OptionalInt major) {
        return new TestSettings(trainerImage, trainerCudaImage, restartDelay, restartDelayMax, baseGracePeriod,
                terminationSlack, notReadyNodeGrace, peerSettle, disruptionLimit, networkPolicy, major);
    }

    public TestSettings withNotReadyNodeGrace(Duration grace) {
        return new TestSettings(trainerImage, trainerCudaImage, restartDelay, restartDelayMax, baseGracePeriod,
                terminationSlack, grace, peerSettle, disruptionLimit, networkPolicy, gpuMaxComputeMajor);
    }
}
