package io.kubegpt.trainer.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PodProgressChannelTest {

    @Test
    void outsideAPodNothingIsReported() {
        assertThat(PodProgressChannel.fromEnvironment(Map.of())).isEmpty();
    }

    @Test
    void aConfigMapNameWithoutCredentialsReportsNothing() {
        assertThat(PodProgressChannel.fromEnvironment(Map.of(PodProgressChannel.CONFIGMAP_ENV, "tiny-progress")))
                .isEmpty();
    }
}
