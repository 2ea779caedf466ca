package io.kubegpt.operator.testing;

import io.kubegpt.operator.config.OperatorSettings;
import java.time.Duration;

/** Operator settings for tests: short restart delays. */
public record TestSettings(String trainerImage, String trainerCudaImage, Duration restartDelay,
        Duration restartDelayMax) implements OperatorSettings {

    public static final TestSettings DEFAULT = new TestSettings("kubegpt/trainer:test", "kubegpt/trainer-cuda:test",
            Duration.ofSeconds(1), Duration.ofSeconds(4));
}
