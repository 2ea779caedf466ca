package io.kubegpt.trainer.checkpoint;

import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.model.GPTConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The checks a run makes before it continues the checkpoints of its output folder: a folder that holds
 * checkpoints is continued only when resume is on ({@code spec.checkpoint.resume} or {@code --resume}), and only
 * with a model of the same shape. Checkpoints are never deleted: a refusal leaves them as they are.
 */
public final class Resumption {

    private Resumption() {
    }

    /** The latest checkpoint to continue, if the store holds one; refused when {@code resume} is off. */
    public static Optional<Path> latest(CheckpointStore store, boolean resume) {
        Optional<Path> latest = store.latest();
        if (latest.isPresent() && !resume) {
            throw new InvalidInputException("spec.checkpoint.resume", store.root() + " already holds checkpoints "
                    + "and resume is off: pass --resume to continue them, or choose another --output");
        }
        return latest;
    }

    /** Refuses a checkpoint whose model has another shape than {@code config} (dropout may differ). */
    public static void requireShape(Path checkpoint, GPTConfig config) {
        GPTConfig saved = ModelCheckpoint.config(checkpoint);
        if (!saved.withDropout(config.dropout()).equals(config)) {
            throw new InvalidInputException("spec.model", "the checkpoint " + checkpoint + " holds a model of "
                    + "another shape (" + saved + ") than the run asks for (" + config + "); choose another --output");
        }
    }
}
