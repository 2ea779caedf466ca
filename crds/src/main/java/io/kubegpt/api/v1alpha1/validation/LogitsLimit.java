package io.kubegpt.api.v1alpha1.validation;

import java.util.Optional;

/**
 * One micro-batch's logits (sequences x context x vocabulary) must stay under 2^31 elements: native ops index them
 * with 32-bit integers. The spec checks it where it knows the sizes, the trainer where only it does (a tokenizer read
 * from files, a fine-tune's context and vocabulary from its base).
 */
public final class LogitsLimit {

    private LogitsLimit() {
    }

    /**
     * The error for a micro-batch of {@code sequences} over the limit; {@code context} and {@code vocabulary} say
     * where those sizes come from, e.g. {@code "spec.model.context 512"}.
     */
    public static Optional<FieldError> check(long sequences, long contextSize, String context, long vocabularySize,
            String vocabulary) {
        long logits = sequences * contextSize * vocabularySize;
        if (logits <= Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(new FieldError("spec.training.batchSize", "a micro-batch of " + sequences
                + " sequences x " + context + " x " + vocabulary + " has " + logits + " logits, over 2^31 - 1; raise "
                + "spec.training.gradientAccumulation or the workers, or lower spec.training.batchSize"));
    }
}
