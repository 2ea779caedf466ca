package io.kubegpt.trainer.checkpoint;

import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.model.GPTConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The checks a run makes before it continues the checkpoints of its output folder: a folder that holds
 * checkpoints is continued only when resume is on ({@code spec.checkpoint.resume} or {@code --resume}), only with
 * the data and tokenizer the checkpoint was trained on, and only with a model of the same shape. Checkpoints are
 * never deleted: a refusal leaves them as they are.
 */
public final class Resumption {

    /** Hex digits of a fingerprint shown in a message: enough to tell two apart. */
    private static final int SHOWN_DIGITS = 12;

    private Resumption() {
    }

    /**
     * The checkpoint to continue, if the store holds one ({@link CheckpointStore#resumable}: each one passed over
     * goes to {@code messages}); refused when {@code resume} is off.
     */
    public static Optional<Path> latest(CheckpointStore store, boolean resume, Consumer<String> messages) {
        if (resume) {
            return store.resumable(messages);
        }
        if (!store.list().isEmpty()) {
            throw new InvalidInputException("spec.checkpoint.resume", store.root() + " already holds checkpoints "
                    + "and resume is off: pass --resume to continue them, or choose another --output");
        }
        return Optional.empty();
    }

    /**
     * Refuses a checkpoint trained on other data or with another tokenizer than this run's {@code inputs}: its
     * weights would go on learning from other token ids. Only what both record is compared. A checkpoint written
     * before checkpoints recorded their inputs has no data fingerprint: it is compared by the tokenizer it holds
     * and, if that matches, continued with a line to {@code warnings}, since its data cannot be told apart and
     * refusing it would strand every run started before.
     *
     * @param field    the spec field a refusal names
     * @param original what a refusal asks to use instead, e.g. "the original corpus and tokenizer"
     */
    public static void requireInputs(Path checkpoint, TrainingInputs inputs, String field, String original,
            Consumer<String> warnings) {
        TrainingInputs saved = ModelCheckpoint.inputs(checkpoint);
        List<String> differences = new ArrayList<>();
        if (saved.dataFingerprint() != null && inputs.dataFingerprint() != null
                && !saved.dataFingerprint().equals(inputs.dataFingerprint())) {
            differences.add(difference("data fingerprint", saved.dataFingerprint(), inputs.dataFingerprint()));
        }
        if (!saved.tokenizerSha256().equals(inputs.tokenizerSha256())) {
            differences.add(difference("tokenizer sha256", saved.tokenizerSha256(), inputs.tokenizerSha256()));
        }
        if (!differences.isEmpty()) {
            throw new InvalidInputException(field, "the checkpoint " + checkpoint + " was trained on other data ("
                    + String.join("; ", differences) + "): to continue it, use " + original
                    + ", or choose another --output");
        }
        if (saved.dataFingerprint() == null && inputs.dataFingerprint() != null) {
            warnings.accept("warning: " + checkpoint + " does not record the data it was trained on (written by an "
                    + "older version); continuing it on this run's data, fingerprint "
                    + shown(inputs.dataFingerprint()));
        }
    }

    /** Refuses a checkpoint whose model has another shape than {@code config} (dropout may differ). */
    public static void requireShape(Path checkpoint, GPTConfig config) {
        GPTConfig saved = ModelCheckpoint.config(checkpoint);
        if (!saved.withDropout(config.dropout()).equals(config)) {
            throw new InvalidInputException("spec.model", "the checkpoint " + checkpoint + " holds a model of "
                    + "another shape (" + saved + ") than the run asks for (" + config + "); choose another --output");
        }
    }

    private static String difference(String what, String saved, String now) {
        return what + " " + shown(saved) + " in the checkpoint, " + shown(now) + " in this run";
    }

    private static String shown(String fingerprint) {
        return fingerprint.substring(0, Math.min(SHOWN_DIGITS, fingerprint.length()));
    }
}
