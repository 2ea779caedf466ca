package io.kubegpt.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import io.kubegpt.trainer.tokenizer.JsonFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A prepared data folder: {@code tokenizer/} (vocab.json, merges.txt, special_tokens.json), {@code train.bin}
 * and {@code val.bin} (token ids, see {@link TokenFile}), and {@code meta.json}, written last, which names the
 * id type and counts and the fingerprint of the inputs. A folder without {@code meta.json} is not prepared.
 */
public final class PreparedData {

    public static final String TOKENIZER_DIR = "tokenizer";
    public static final String TRAIN_FILE = "train.bin";
    public static final String VAL_FILE = "val.bin";
    public static final String META_FILE = "meta.json";

    private final Path dir;
    private final BpeTokenizer tokenizer;
    private final TokenFile train;
    private final TokenFile val;
    private final String fingerprint;
    private final boolean upToDate;

    private PreparedData(Path dir, BpeTokenizer tokenizer, TokenFile train, TokenFile val, String fingerprint,
                         boolean upToDate) {
        this.dir = dir;
        this.tokenizer = tokenizer;
        this.train = train;
        this.val = val;
        this.fingerprint = fingerprint;
        this.upToDate = upToDate;
    }

    /**
     * Opens a folder that {@link DataPreparer#prepare} completed.
     *
     * @throws IOException when it is not prepared or its files disagree with {@code meta.json}
     */
    public static PreparedData open(Path dir) throws IOException {
        return open(dir, false);
    }

    static PreparedData open(Path dir, boolean upToDate) throws IOException {
        Path metaFile = dir.resolve(META_FILE);
        if (!Files.exists(metaFile)) {
            throw new IOException(dir + " is not a prepared data folder (no " + META_FILE + ")");
        }
        JsonNode meta = JsonFiles.readObject(metaFile);
        TokenDType dtype = TokenDType.ofLabel(meta.path("dtype").asText());
        TokenFile train = TokenFile.open(dir.resolve(TRAIN_FILE), dtype);
        TokenFile val = TokenFile.open(dir.resolve(VAL_FILE), dtype);
        if (train.size() != meta.path("trainTokens").asLong(-1) || val.size() != meta.path("valTokens").asLong(-1)) {
            throw new IOException("token files in " + dir + " do not match " + META_FILE);
        }
        BpeTokenizer tokenizer;
        try {
            tokenizer = BpeTokenizer.load(dir.resolve(TOKENIZER_DIR), TOKENIZER_DIR);
        } catch (InvalidInputException e) {
            throw new IOException(e.getMessage(), e);
        }
        return new PreparedData(dir, tokenizer, train, val, meta.path("fingerprint").textValue(), upToDate);
    }

    /** A sampler of training and validation windows over this data; see {@link BatchSampler}. */
    public BatchSampler sampler(int context, int globalBatch, long seed) {
        return new BatchSampler(train, val, context, globalBatch, seed);
    }

    public Path dir() {
        return dir;
    }

    public BpeTokenizer tokenizer() {
        return tokenizer;
    }

    public TokenFile train() {
        return train;
    }

    public TokenFile val() {
        return val;
    }

    public long trainTokens() {
        return train.size();
    }

    public long valTokens() {
        return val.size();
    }

    /** Digest of the text this folder was prepared from and of its split (the tokenizer is compared on its own). */
    public String fingerprint() {
        return fingerprint;
    }

    /** True when {@link DataPreparer#prepare} found the folder already prepared from the same inputs. */
    public boolean upToDate() {
        return upToDate;
    }

    /** One line for the CLI. */
    public String summary() {
        return (upToDate ? "already prepared, nothing to do: " : "prepared: ") + dir + " (" + trainTokens()
                + " training + " + valTokens() + " validation tokens, vocabulary " + tokenizer.vocabSize() + ", "
                + train.dtype().label() + ")";
    }
}
