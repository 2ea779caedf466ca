package io.kubegpt.api.v1alpha1.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogitsLimitTest {

    @Test
    void aMicroBatchUpToTwoToTheThirtyOneLogitsPassesAndOneAboveIsRefusedNamingWhereTheSizesComeFrom() {
        assertThat(LogitsLimit.check(64, 512, "the context 512", 40478, "the base's 40478 tokens")).isEmpty();

        FieldError error = LogitsLimit.check(104, 512, "the context 512", 40478, "the base's 40478 tokens")
                .orElseThrow();
        assertThat(error.field()).isEqualTo("spec.training.batchSize");
        assertThat(error.message()).isEqualTo("a micro-batch of 104 sequences x the context 512 x the base's 40478 "
                + "tokens has 2155372544 logits, over 2^31 - 1; raise spec.training.gradientAccumulation or the "
                + "workers, or lower spec.training.batchSize");
    }
}
