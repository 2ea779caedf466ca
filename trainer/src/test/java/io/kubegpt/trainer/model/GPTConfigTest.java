package io.kubegpt.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubegpt.trainer.InvalidInputException;
import org.junit.jupiter.api.Test;

class GPTConfigTest {

    @Test
    void gpt1WithItsVocabularyHasAbout116_5MillionParameters() {
        GPTConfig gpt1 = GPTConfig.gpt1(40_478);
        assertThat(gpt1.parameterCount()).isEqualTo(116_534_784L);
        assertThat(gpt1.headSize()).isEqualTo(64);
        assertThat(gpt1.dropout()).isEqualTo(0.1);
        assertThat(gpt1.initStd()).isEqualTo(0.02);
    }

    @Test
    void flopsPerTokenCountsAsNanoGptsEstimateMfu() {
        GPTConfig bench = new GPTConfig(256, 128, 4, 256, 8, 1024, 0, 0.02);
        assertThat(bench.parameterCount()).isEqualTo(3_257_344L);
        // 6 N with N less the 128 x 256 position embeddings, plus 12 L H Q T
        assertThat(bench.flopsPerToken()).isEqualTo(6 * (3_257_344L - 128 * 256) + 12L * 4 * 8 * 32 * 128);
    }

    @Test
    void rejectsInvalidShapesNamingTheField() {
        assertThatThrownBy(() -> new GPTConfig(100, 16, 2, 30, 4, 64, 0.1, 0.02))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("spec.model.heads");
        assertThatThrownBy(() -> new GPTConfig(100, 0, 2, 32, 4, 64, 0.1, 0.02))
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("spec.model.context");
        assertThatThrownBy(() -> new GPTConfig(100, 16, 2, 32, 4, 64, 1.0, 0.02))
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("spec.model.dropout");
        assertThatThrownBy(() -> new GPTConfig(0, 16, 2, 32, 4, 64, 0.1, 0.02))
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("spec.tokenizer.vocabSize");
    }
}
