package io.kubegpt.operator.testing;

import io.kubegpt.operator.config.OperatorSettings;
import java.time.Duration;

/** Operator settings for tests: short restart delays and short waits for a missing base model, nodes and peers. */
public record TestSettings(String trainerImage, String trainerCudaImage, Duration restartDelay,
        Duration restartDelayMax, Duration baseGracePeriod, Duration terminationSlack, Duration peerSettle,
        boolean networkPolicy) implements OperatorSettings {

    public static final TestSettings DEFAULT = new TestSettings("kubegpt/trainer:test", "kubegpt/trainer-cuda:test",
            Duration.ofSeconds(1), Duration.ofSeconds(4));

    public TestSettings(String trainerImage, String trainerCudaImage, Duration restartDelay, Duration restartDelayMax) {
        this(trainerImage, trainerCudaImage, restartDelay, restartDelayMax, Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofSeconds(3), true);
    }

    public TestSettings withoutNetworkPolicy() {
        return new TestSettings(trainerImage, trainerCudaImage, restartDelay, restartDelayMax, baseGracePeriod,
                terminationSlack, peerSettle, false);
    }
}
