package io.kubegpt.trainer.data;

import io.kubegpt.api.v1alpha1.PretrainDataSpec;
import io.kubegpt.api.v1alpha1.TokenizerSpec;

import java.nio.file.Path;

/**
 * What {@link DataPreparer#prepare} makes of a corpus.
 *
 * @param vocabSize          size of the tokenizer to train ({@code spec.tokenizer.vocabSize}); ignored when
 *                           {@code tokenizerDir} is given
 * @param validationFraction fraction of the corpus kept for validation ({@code spec.data.validationFraction}),
 *                           in (0, 0.5]
 * @param tokenizerDir       a saved tokenizer to reuse instead of training one, or null
 */
public record PrepareOptions(int vocabSize, double validationFraction, Path tokenizerDir) {

    /** The custom resource's defaults for {@code spec.tokenizer.vocabSize} and {@code spec.data.validationFraction}. */
    public static PrepareOptions defaults() {
        return new PrepareOptions(new TokenizerSpec().getVocabSize(), new PretrainDataSpec().getValidationFraction(),
                null);
    }

    public PrepareOptions withVocabSize(int size) {
        return new PrepareOptions(size, validationFraction, tokenizerDir);
    }

    public PrepareOptions withValidationFraction(double fraction) {
        return new PrepareOptions(vocabSize, fraction, tokenizerDir);
    }

    public PrepareOptions withTokenizer(Path dir) {
        return new PrepareOptions(vocabSize, validationFraction, dir);
    }
}
