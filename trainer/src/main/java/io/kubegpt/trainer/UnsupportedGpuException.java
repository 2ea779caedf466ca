package io.kubegpt.trainer;

import io.kubegpt.api.trainer.TrainerExitCodes;

/**
 * A GPU the CUDA backend has no code for: no retry on the same node can help, so the CLI exits with
 * {@link TrainerExitCodes#INVALID_INPUT} and the message alone.
 */
public class UnsupportedGpuException extends RuntimeException {

    public UnsupportedGpuException(String message) {
        super(message);
    }
}
