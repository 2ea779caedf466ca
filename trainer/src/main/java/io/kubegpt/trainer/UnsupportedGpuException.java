package io.kubegpt.trainer;

/**
 * A GPU the CUDA backend has no code for: no retry on the same node can help, so the CLI exits with the code of
 * invalid input ({@link ExitCodes}) and the message alone.
 */
public class UnsupportedGpuException extends RuntimeException {

    public UnsupportedGpuException(String message) {
        super(message);
    }
}
