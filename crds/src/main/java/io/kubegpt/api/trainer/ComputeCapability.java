package io.kubegpt.api.trainer;

/** A CUDA compute capability, {@code major.minor}: what machine code a GPU runs (e.g. 8.0 for the A100). */
public record ComputeCapability(int major, int minor) {

    public ComputeCapability {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("a compute capability is not negative: " + major + "." + minor);
        }
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
