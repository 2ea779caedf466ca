package io.kubegpt.trainer.data;

import io.kubegpt.trainer.tokenizer.BpeTokenizer;

import java.nio.file.Path;

/**
 * What {@link DataPreparer#prepare} makes of a corpus.
 *
 * @param vocabSize       size of the tokenizer to train ({@code spec.tokenizer.vocabSize}); ignored when
 *                        {@code tokenizerDir} is given
 * @param validationSplit fraction of the corpus kept for validation ({@code spec.data.validationSplit}), in [0, 1)
 * @param tokenizerDir    a saved tokenizer to reuse instead of training one, or null
 */
public record PrepareOptions(int vocabSize, double validationSplit, Path tokenizerDir) {

    public static final double DEFAULT_VALIDATION_SPLIT = 0.1;

    public static PrepareOptions defaults() {
        return new PrepareOptions(BpeTokenizer.DEFAULT_VOCAB_SIZE, DEFAULT_VALIDATION_SPLIT, null);
    }

    public PrepareOptions withVocabSize(int size) {
        return new PrepareOptions(size, validationSplit, tokenizerDir);
    }

    public PrepareOptions withValidationSplit(double split) {
        return new PrepareOptions(vocabSize, split, tokenizerDir);
    }

    public PrepareOptions withTokenizer(Path dir) {
        return new PrepareOptions(vocabSize, validationSplit, dir);
    }
}
