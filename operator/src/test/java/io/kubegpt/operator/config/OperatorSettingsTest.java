package io.kubegpt.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.api.trainer.CudaTargets;
import io.kubegpt.operator.testing.TestSettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

    @Test
    void restartDelaysDoubleUpToTheCap() {
        OperatorSettings settings = new TestSettings("cpu", "cuda", Duration.ofSeconds(10), Duration.ofSeconds(60));

        assertThat(settings.restartDelay(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.restartDelay(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.restartDelay(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(settings.restartDelay(4)).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.restartDelay(1000)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void gpuWorkersAreKeptOnGpusOfComputeCapabilityMajorAtMost8UnlessTheSettingIsZeroOrEmpty() {
        assertThat(settings(Map.of()).gpuMaxComputeMajor()).hasValue(8).hasValue(CudaTargets.HIGHEST_MAJOR);
        assertThat(settings(Map.of("KUBEGPT_GPU_MAX_COMPUTE_MAJOR", "9")).gpuMaxComputeMajor()).hasValue(9);
        assertThat(settings(Map.of("KUBEGPT_GPU_MAX_COMPUTE_MAJOR", "0")).gpuMaxComputeMajor()).hasValue(0);
        assertThat(settings(Map.of("KUBEGPT_GPU_MAX_COMPUTE_MAJOR", "")).gpuMaxComputeMajor()).isEmpty();
    }

    /** The settings as the operator reads them, with these environment variables (and Quarkus' durations: 10s). */
    private static OperatorSettings settings(Map<String, String> environment) {
        return new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(OperatorSettings.class)
                .withSources(new EnvConfigSource(environment, 300))
                .build()
                .getConfigMapping(OperatorSettings.class);
    }

    @Test
    void gpuWorkersGetTheCudaImage() {
        assertThat(TestSettings.DEFAULT.image(0)).isEqualTo(TestSettings.DEFAULT.trainerImage());
        assertThat(TestSettings.DEFAULT.image(8)).isEqualTo(TestSettings.DEFAULT.trainerCudaImage());
    }
}
