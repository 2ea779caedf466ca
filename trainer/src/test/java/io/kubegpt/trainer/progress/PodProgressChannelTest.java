package io.kubegpt.trainer.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.api.trainer.TrainerEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodProgressChannelTest {

    @Test
    void outsideAPodNothingIsReported() {
        assertThat(PodProgressChannel.fromEnvironment(Map.of())).isEmpty();
    }

    @Test
    void aConfigMapNameWithoutCredentialsReportsNothing() {
        assertThat(PodProgressChannel.fromEnvironment(Map.of(TrainerEnvironment.PROGRESS_CONFIGMAP, "tiny-progress")))
                .isEmpty();
    }
}
