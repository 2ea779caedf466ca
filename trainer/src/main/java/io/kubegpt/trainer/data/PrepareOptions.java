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
 * @param sampleBytes        the most bytes of the training part the tokenizer is trained on
 *                           ({@code spec.tokenizer.sampleBytes})
 * @param threads            threads that count and encode
 */
public record PrepareOptions(int vocabSize, double validationFraction, Path tokenizerDir, long sampleBytes,
                             int threads) {

    /**
     * The custom resource's defaults for {@code spec.tokenizer} and {@code spec.data.validationFraction}, on every
     * core this process is given.
     */
    public static PrepareOptions defaults() {
        TokenizerSpec tokenizer = new TokenizerSpec();
        return new PrepareOptions(tokenizer.getVocabSize(), new PretrainDataSpec().getValidationFraction(), null,
                tokenizer.getSampleBytes(), Runtime.getRuntime().availableProcessors());
    }

    /** {@code spec.tokenizer} and {@code spec.data}'s split. */
    public static PrepareOptions of(TokenizerSpec tokenizer, PretrainDataSpec data) {
        PrepareOptions options = defaults().withVocabSize(tokenizer.getVocabSize())
                .withValidationFraction(data.getValidationFraction()).withSampleBytes(tokenizer.getSampleBytes());
        return tokenizer.getPath() != null ? options.withTokenizer(Path.of(tokenizer.getPath())) : options;
    }

    public PrepareOptions withVocabSize(int size) {
        return new PrepareOptions(size, validationFraction, tokenizerDir, sampleBytes, threads);
    }

    public PrepareOptions withValidationFraction(double fraction) {
        return new PrepareOptions(vocabSize, fraction, tokenizerDir, sampleBytes, threads);
    }

    public PrepareOptions withTokenizer(Path dir) {
        return new PrepareOptions(vocabSize, validationFraction, dir, sampleBytes, threads);
    }

    public PrepareOptions withSampleBytes(long bytes) {
        return new PrepareOptions(vocabSize, validationFraction, tokenizerDir, bytes, threads);
    }
}
