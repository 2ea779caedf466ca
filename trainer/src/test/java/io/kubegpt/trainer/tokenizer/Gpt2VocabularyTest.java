package io.kubegpt.trainer.tokenizer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * GPT-2's released vocabulary gives GPT-2's ids (those Hugging Face tokenizers gives as well). Skipped where
 * {@code trainer/scripts/fetch-gpt2-vocabulary.sh} has not run (.ci/run runs it); the hand-derived ids of a tiny
 * GPT-2-format vocabulary in {@link BpeTokenizerTest} always run.
 */
class Gpt2VocabularyTest {

    private static BpeTokenizer gpt2;

    @BeforeAll
    static void load() {
        assumeTrue(Gpt2Files.present(), "GPT-2's vocabulary is not in " + Gpt2Files.DIR);
        gpt2 = Gpt2Files.load();
    }

    @Test
    void encodesKnownStringsToGpt2sIds() {
        assertThat(gpt2.vocabSize()).isEqualTo(50257);
        assertThat(gpt2.mergeCount()).isEqualTo(50000);
        assertThat(gpt2.encode("Hello world")).containsExactly(15496, 995);
        assertThat(gpt2.encode("Hello, world!")).containsExactly(15496, 11, 995, 0);
        assertThat(gpt2.encode("\n\n")).containsExactly(628);
        // in text, GPT-2's document separator is ordinary characters, not its token 50256
        assertThat(gpt2.encode("<|endoftext|>")).containsExactly(27, 91, 437, 1659, 5239, 91, 29);
        assertThat(gpt2.encode("I'm don't they'll 2024 café 😀"))
                .containsExactly(40, 1101, 836, 470, 484, 1183, 48609, 40304, 30325, 222);
        assertThat(gpt2.encode("   indented\n\tand tabs")).containsExactly(220, 220, 773, 4714, 198, 197, 392, 22524);
    }
}
