package io.kubegpt.api.trainer;

/**
 * The trainer's run folder (its {@code --output}): {@code data/} (tokenizer and token files),
 * {@code checkpoints/step-00001000/} each with {@code checkpoints/latest} naming the newest, and {@code summary.json}.
 */
public final class RunLayout {

    public static final String DATA = "data";
    public static final String CHECKPOINTS = "checkpoints";
    /** The file in {@link #CHECKPOINTS} naming the newest complete checkpoint. */
    public static final String LATEST = "latest";
    public static final String SUMMARY = "summary.json";
    public static final String CHECKPOINT_PREFIX = "step-";

    private RunLayout() {
    }

    /** The folder name of the checkpoint of {@code step}, e.g. {@code step-00001000}. */
    public static String checkpointFolder(long step) {
        return String.format("%s%08d", CHECKPOINT_PREFIX, step);
    }

    /** The checkpoint of {@code step} under a run folder, e.g. {@code /checkpoints/tiny/checkpoints/step-00001000}. */
    public static String checkpointPath(String runFolder, long step) {
        return runFolder + "/" + CHECKPOINTS + "/" + checkpointFolder(step);
    }
}
