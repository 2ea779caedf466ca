package io.kubegpt.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The cached decoder against GPT's full recompute of the window, step by step. */
class IncrementalDecoderTest {

    /** A larger init than GPT-1's 0.02, so that random logits have clear maxima: greedy picks are no near ties. */
    private static final GPTConfig CONFIG = new GPTConfig(61, 16, 3, 32, 4, 64, 0.1, 0.2);
    private static final double RELATIVE_TOLERANCE = 1e-4;

    private final GPT gpt = new GPT(CONFIG, 7);

    IncrementalDecoderTest() {
        gpt.setTraining(false);
    }

    @Test
    void everyStepHasTheLogitsOfTheFullRecomputeUpToAndPastTheContext() {
        IncrementalDecoder decoder = new IncrementalDecoder(gpt);
        int[] text = new int[CONFIG.context() + 8];
        Arrays.setAll(text, i -> (i * i * 31 + 7 * i + 3) % CONFIG.vocabSize());
        for (int length = 1; length <= text.length; length++) {
            int[] sequence = Arrays.copyOf(text, length);
            float[] cached = decoder.nextTokenLogits(sequence);
            float[] full = gpt.nextTokenLogits(sequence);
            assertClose(cached, full, "after " + length + " tokens");
            assertThat(TextGenerator.argmax(cached)).as("pick after %d tokens", length).isEqualTo(TextGenerator.argmax(full));
        }
    }

    @Test
    void greedyGenerationPicksTheTokensOfTheFullRecompute() {
        IncrementalDecoder decoder = new IncrementalDecoder(gpt);
        int[] cached = {3, 1, 4};
        int[] full = cached;
        while (full.length < CONFIG.context() + 8) {
            cached = append(cached, TextGenerator.argmax(decoder.nextTokenLogits(cached)));
            full = append(full, TextGenerator.argmax(gpt.nextTokenLogits(full)));
        }
        assertThat(cached).containsExactly(full);
    }

    @Test
    void aSequenceThatSharesOnlyAPrefixWithTheCachedOneReusesThePrefixAndRecomputesTheRest() {
        IncrementalDecoder decoder = new IncrementalDecoder(gpt);
        decoder.nextTokenLogits(new int[] {5, 9, 2, 6, 5, 3, 5});
        int[] diverging = {5, 9, 2, 8, 8, 8};
        assertClose(decoder.nextTokenLogits(diverging), gpt.nextTokenLogits(diverging), "diverging sequence");
        int[] shorter = {5, 9};
        assertClose(decoder.nextTokenLogits(shorter), gpt.nextTokenLogits(shorter), "shorter sequence");
        assertClose(decoder.nextTokenLogits(shorter), gpt.nextTokenLogits(shorter), "the same sequence again");
    }

    @Test
    void aPromptLongerThanTheContextIsReadFromItsLastContextTokens() {
        int[] prompt = new int[CONFIG.context() + 5];
        Arrays.setAll(prompt, i -> (7 * i + 3) % CONFIG.vocabSize());
        int[] window = Arrays.copyOfRange(prompt, 5, prompt.length);
        IncrementalDecoder decoder = new IncrementalDecoder(gpt);
        assertClose(decoder.nextTokenLogits(prompt), gpt.nextTokenLogits(window), "long prompt");
    }

    @Test
    void anEmptySequenceIsRefused() {
        assertThatThrownBy(() -> new IncrementalDecoder(gpt).nextTokenLogits(new int[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Every logit within {@value #RELATIVE_TOLERANCE} of the largest expected magnitude. */
    private static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) Math.abs(actual[i] - expected[i])).as("%s, logit %d", what, i)
                    .isLessThanOrEqualTo(RELATIVE_TOLERANCE * scale);
        }
    }

    private static int[] append(int[] sequence, int token) {
        int[] longer = Arrays.copyOf(sequence, sequence.length + 1);
        longer[sequence.length] = token;
        return longer;
    }
}
