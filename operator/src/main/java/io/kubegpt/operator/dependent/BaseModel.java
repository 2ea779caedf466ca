package io.kubegpt.operator.dependent;

/**
 * The pre-trained checkpoint a fine-tune starts from, resolved when the job is accepted.
 *
 * @param claimName the claim holding it, mounted read-only at {@link TrainerPod#BASE_MOUNT}; null when the folder
 *     needs no volume
 * @param folder the checkpoint (or run) folder as the pod sees it, passed to the trainer's {@code --base}
 * @param description what it is, for status messages, e.g. {@code GPTPretrain tiny, checkpoint of step 60}
 */
public record BaseModel(String claimName, String folder, String description) {
}
