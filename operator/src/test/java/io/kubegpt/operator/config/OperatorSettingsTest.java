package io.kubegpt.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.operator.testing.TestSettings;
import java.time.Duration;
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
    void gpuWorkersGetTheCudaImage() {
        assertThat(TestSettings.DEFAULT.image(0)).isEqualTo(TestSettings.DEFAULT.trainerImage());
        assertThat(TestSettings.DEFAULT.image(8)).isEqualTo(TestSettings.DEFAULT.trainerCudaImage());
    }
}
