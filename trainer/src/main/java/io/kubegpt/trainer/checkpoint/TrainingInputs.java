package io.kubegpt.trainer.checkpoint;

import io.kubegpt.trainer.data.PreparedData;
import io.kubegpt.trainer.tokenizer.BpeTokenizer;

/**
 * What a checkpoint's weights were trained on, recorded in its {@code inputs.json}: equal inputs mean the same
 * token ids for the same text, so the weights may be continued.
 *
 * @param dataFingerprint the prepared data's {@link PreparedData#fingerprint()} (corpus content and preparation
 *                        options), or null for a fine-tune, whose task files have none
 * @param tokenizerSha256 the tokenizer's {@link BpeTokenizer#sha256()}
 */
public record TrainingInputs(String dataFingerprint, String tokenizerSha256) {

    /** A pre-train's: its prepared data and the tokenizer that data was tokenized with. */
    public static TrainingInputs of(PreparedData data) {
        return new TrainingInputs(data.fingerprint(), data.tokenizer().sha256());
    }

    /** A fine-tune's: the tokenizer of its base alone. */
    public static TrainingInputs ofTokenizer(BpeTokenizer tokenizer) {
        return new TrainingInputs(null, tokenizer.sha256());
    }
}
