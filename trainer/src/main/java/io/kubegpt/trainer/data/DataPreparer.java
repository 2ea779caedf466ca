package io.kubegpt.trainer.data;

import io.kubegpt.trainer.files.AtomicFiles;
import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import io.kubegpt.trainer.tokenizer.JsonFiles;
import io.kubegpt.trainer.tokenizer.WordCounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * nanoGPT's prepare step, streamed: splits the corpus, trains the tokenizer from the word counts of (a sample of)
 * its training part or reuses one, tokenizes both parts into token files on every core, and writes a
 * {@link PreparedData} folder. Memory does not grow with the corpus: no part of it is held whole.
 *
 * <p>Idempotent: a folder whose {@code meta.json} records the same inputs is left as it is. The inputs are the
 * corpus files' names, sizes and modification times (reading a corpus of gigabytes just to see that it has not
 * changed would cost as much as preparing it; touch a file to prepare again) and the options. {@code meta.json}
 * also records the SHA-256 of the text read ({@link PreparedData#fingerprint}, which checkpoints compare). It is
 * removed before anything else changes and written after everything else, each file through a temporary file and
 * a rename, so a prepare interrupted at any point (killed, or stopped on request) leaves a folder that
 * {@link PreparedData#open} refuses rather than one that looks complete; the next prepare removes the temporary files
 * it left.
 */
public final class DataPreparer {

    private static final System.Logger LOG = System.getLogger(DataPreparer.class.getName());
    /** Changes whenever the layout of a prepared folder changes, so old folders are re-prepared. */
    private static final int FORMAT = 2;

    private DataPreparer() {
    }

    public static PreparedData prepare(CorpusSource source, PrepareOptions options, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        CorpusStream corpus = source.open(outDir);
        String optionsText = optionsText(options);
        String inputs = inputsFingerprint(source, corpus, optionsText);

        Path metaFile = outDir.resolve(PreparedData.META_FILE);
        if (Files.exists(metaFile) && inputs.equals(recorded(metaFile, "inputs"))) {
            try {
                return PreparedData.open(outDir, true);
            } catch (IOException | RuntimeException damaged) {
                LOG.log(System.Logger.Level.WARNING, "re-preparing " + outDir + ": " + damaged.getMessage());
            }
        }

        Files.deleteIfExists(metaFile);
        for (String file : List.of(PreparedData.TOKENIZER_DIR, PreparedData.TRAIN_FILE, PreparedData.VAL_FILE,
                PreparedData.META_FILE)) {
            AtomicFiles.removeLeftovers(outDir.resolve(file));
        }
        long validationStart = CorpusSplit.validationStart(corpus, options.validationFraction());
        BpeTokenizer tokenizer = options.tokenizerDir() != null
                ? BpeTokenizer.load(options.tokenizerDir(), "spec.tokenizer.path")
                : train(corpus, validationStart, options);
        AtomicFiles.replaceFolder(outDir.resolve(PreparedData.TOKENIZER_DIR), tokenizer::save);
        TokenDType dtype = TokenDType.forVocabSize(tokenizer.vocabSize());
        CorpusEncoder.Encoded encoded = CorpusEncoder.encode(corpus, validationStart, tokenizer, dtype,
                outDir.resolve(PreparedData.TRAIN_FILE), outDir.resolve(PreparedData.VAL_FILE), options.threads());

        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("fingerprint", Fingerprint.sha256("format=" + FORMAT + "\nvalidationFraction="
                + options.validationFraction() + "\ncorpus=" + encoded.contentSha256()));
        meta.put("inputs", inputs);
        meta.put("source", source.describe());
        meta.put("corpusBytes", corpus.size());
        meta.put("validationFraction", options.validationFraction());
        meta.put("validationStartByte", validationStart);
        meta.put("vocabSize", tokenizer.vocabSize());
        meta.put("dtype", dtype.label());
        meta.put("trainTokens", encoded.train().size());
        meta.put("valTokens", encoded.val().size());
        AtomicFiles.writeString(metaFile, JsonFiles.write(meta));
        return PreparedData.open(outDir, false);
    }

    private static BpeTokenizer train(CorpusStream corpus, long trainingBytes, PrepareOptions options)
            throws IOException {
        WordCounts words = TokenizerSample.count(corpus, trainingBytes, options.sampleBytes(), options.threads());
        long start = System.nanoTime();
        BpeTokenizer tokenizer = BpeTokenizer.train(words, options.vocabSize());
        LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "tokenizer: %,d merges learned in %.1f s",
                tokenizer.mergeCount(), (System.nanoTime() - start) / 1e9));
        return tokenizer;
    }

    /** A field of {@code meta.json}, or null when it is unreadable (the folder is then re-prepared). */
    private static String recorded(Path metaFile, String field) {
        try {
            return JsonFiles.readObject(metaFile).path(field).textValue();
        } catch (IOException unreadable) {
            LOG.log(System.Logger.Level.WARNING,
                    "re-preparing: cannot read " + metaFile + ": " + unreadable.getMessage());
            return null;
        }
    }

    /** What decides the prepared folder's content, without reading the corpus (see the class comment). */
    private static String inputsFingerprint(CorpusSource source, CorpusStream corpus, String optionsText) {
        StringBuilder inputs = new StringBuilder(optionsText).append("\nsource=").append(source.describe());
        for (CorpusDocument document : corpus.documents()) {
            inputs.append("\ndocument=").append(document.name()).append(' ').append(document.size()).append(' ')
                    .append(document.content() != null ? Fingerprint.sha256(document.content()) : document.modified());
        }
        return Fingerprint.sha256(inputs.toString());
    }

    /** The options that decide the tokens made of a given text (the tokenizer's among them). */
    private static String optionsText(PrepareOptions options) throws IOException {
        StringBuilder text = new StringBuilder()
                .append("format=").append(FORMAT)
                .append("\nvalidationFraction=").append(options.validationFraction());
        if (options.tokenizerDir() == null) {
            text.append("\nvocabSize=").append(options.vocabSize())
                    .append("\ntokenizerSampleBytes=").append(options.sampleBytes());
        } else {
            for (String file : new String[] {BpeTokenizer.VOCAB_FILE, BpeTokenizer.MERGES_FILE,
                    BpeTokenizer.SPECIAL_TOKENS_FILE}) {
                Path path = options.tokenizerDir().resolve(file);
                text.append('\n').append(file).append('=')
                        .append(Files.exists(path) ? Fingerprint.sha256(Files.readAllBytes(path)) : "none");
            }
        }
        return text.toString();
    }
}
