package io.kubegpt.trainer.model;

import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Samples a continuation token by token, as minGPT's {@code generate}: temperature, then top-k. Each token's logits
 * come from an {@link IncrementalDecoder}, which computes only the positions it has not seen.
 */
public final class TextGenerator {

    private final IncrementalDecoder decoder;
    private final BpeTokenizer tokenizer;

    public TextGenerator(GPT model, BpeTokenizer tokenizer) {
        this.decoder = new IncrementalDecoder(model);
        this.tokenizer = tokenizer;
    }

    /** Appends up to {@code maxTokens} tokens to {@code prompt}; each piece of text goes to {@code out} as it comes. */
    public String generate(String prompt, int maxTokens, double temperature, int topK, long seed, Consumer<String> out) {
        Random random = new Random(seed);
        int[] tokens = tokenizer.encode(prompt);
        if (tokens.length == 0) {
            throw new IllegalArgumentException("the prompt encodes to no tokens");
        }
        int start = tokens.length;
        tokens = Arrays.copyOf(tokens, start + maxTokens);
        String previous = "";
        for (int i = start; i < tokens.length; i++) {
            tokens[i] = sample(decoder.nextTokenLogits(Arrays.copyOf(tokens, i)), temperature, topK, random);
            String text = tokenizer.decode(Arrays.copyOfRange(tokens, start, i + 1));
            // a multi-byte character spans tokens: emit only text that decoded completely
            if (!text.endsWith("\uFFFD")) {
                out.accept(text.substring(previous.length()));
                previous = text;
            }
        }
        return prompt + tokenizer.decode(Arrays.copyOfRange(tokens, start, tokens.length));
    }

    static int sample(float[] logits, double temperature, int topK, Random random) {
        if (temperature <= 0) {
            return argmax(logits);
        }
        float[] sorted = logits.clone();
        Arrays.sort(sorted);
        float cutoff = topK > 0 && topK < sorted.length ? sorted[sorted.length - topK] : Float.NEGATIVE_INFINITY;
        float max = sorted[sorted.length - 1];
        double[] weights = new double[logits.length];
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            weights[i] = logits[i] < cutoff ? 0 : Math.exp((logits[i] - max) / temperature);
            total += weights[i];
        }
        double pick = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            pick -= weights[i];
            if (pick <= 0 && weights[i] > 0) {
                return i;
            }
        }
        return argmax(logits);
    }

    /** The index of the largest value, the first of equals. */
    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
