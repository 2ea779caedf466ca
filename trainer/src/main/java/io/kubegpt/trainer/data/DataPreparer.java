package io.kubegpt.trainer.data;

import io.kubegpt.trainer.files.AtomicFiles;
import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import io.kubegpt.trainer.tokenizer.JsonFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * nanoGPT's prepare step: reads the corpus, trains (or reuses) the tokenizer, tokenizes the training and
 * validation parts once, and writes a {@link PreparedData} folder. Idempotent: when {@code meta.json} holds the
 * fingerprint of the same inputs, nothing is written. {@code meta.json} is removed before anything else changes
 * and written after everything else, each file through a temporary file and a rename, so a prepare interrupted at
 * any point leaves a folder that {@link PreparedData#open} refuses rather than one that looks complete.
 */
public final class DataPreparer {

    private static final System.Logger LOG = System.getLogger(DataPreparer.class.getName());
    /** Changes whenever the layout of a prepared folder changes, so old folders are re-prepared. */
    private static final int FORMAT = 1;

    private DataPreparer() {
    }

    public static PreparedData prepare(CorpusSource source, PrepareOptions options, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        String text = source.text(outDir);
        int validationStart = CorpusSplit.validationStart(text, options.validationFraction());
        String fingerprint = fingerprint(text, options);

        Path metaFile = outDir.resolve(PreparedData.META_FILE);
        if (Files.exists(metaFile) && fingerprint.equals(recordedFingerprint(metaFile))) {
            try {
                return PreparedData.open(outDir, true);
            } catch (IOException | RuntimeException damaged) {
                LOG.log(System.Logger.Level.WARNING, "re-preparing " + outDir + ": " + damaged.getMessage());
            }
        }

        Files.deleteIfExists(metaFile);
        BpeTokenizer tokenizer = options.tokenizerDir() != null
                ? BpeTokenizer.load(options.tokenizerDir(), "spec.tokenizer.path")
                : BpeTokenizer.train(text.substring(0, validationStart), options.vocabSize());
        AtomicFiles.replaceFolder(outDir.resolve(PreparedData.TOKENIZER_DIR), tokenizer::save);
        TokenDType dtype = TokenDType.forVocabSize(tokenizer.vocabSize());
        TokenFile train = TokenFile.write(outDir.resolve(PreparedData.TRAIN_FILE),
                tokenizer.encode(text.substring(0, validationStart)), dtype);
        TokenFile val = TokenFile.write(outDir.resolve(PreparedData.VAL_FILE),
                tokenizer.encode(text.substring(validationStart)), dtype);

        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("fingerprint", fingerprint);
        meta.put("source", source.describe());
        meta.put("corpusChars", text.length());
        meta.put("validationFraction", options.validationFraction());
        meta.put("validationStartChar", validationStart);
        meta.put("vocabSize", tokenizer.vocabSize());
        meta.put("dtype", dtype.label());
        meta.put("trainTokens", train.size());
        meta.put("valTokens", val.size());
        AtomicFiles.writeString(metaFile, JsonFiles.write(meta));
        return PreparedData.open(outDir, false);
    }

    /** The fingerprint {@code meta.json} records, or null when it is unreadable (the folder is then re-prepared). */
    private static String recordedFingerprint(Path metaFile) {
        try {
            return JsonFiles.readObject(metaFile).path("fingerprint").textValue();
        } catch (IOException unreadable) {
            LOG.log(System.Logger.Level.WARNING,
                    "re-preparing: cannot read " + metaFile + ": " + unreadable.getMessage());
            return null;
        }
    }

    private static String fingerprint(String text, PrepareOptions options) throws IOException {
        StringBuilder inputs = new StringBuilder()
                .append("format=").append(FORMAT)
                .append("\ncorpus=").append(Fingerprint.sha256(text))
                .append("\nvalidationFraction=").append(options.validationFraction());
        if (options.tokenizerDir() == null) {
            inputs.append("\nvocabSize=").append(options.vocabSize());
        } else {
            for (String file : new String[] {BpeTokenizer.VOCAB_FILE, BpeTokenizer.MERGES_FILE,
                    BpeTokenizer.SPECIAL_TOKENS_FILE}) {
                Path path = options.tokenizerDir().resolve(file);
                inputs.append('\n').append(file).append('=')
                        .append(Files.exists(path) ? Fingerprint.sha256(Files.readAllBytes(path)) : "none");
            }
        }
        return Fingerprint.sha256(inputs.toString());
    }
}
