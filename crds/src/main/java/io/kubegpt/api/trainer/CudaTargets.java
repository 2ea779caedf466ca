package io.kubegpt.api.trainer;

import java.util.List;

/**
 * The GPUs the trainer's CUDA image can run on. Its ND4J backend ({@code nd4j-cuda-11.6} 1.0.0-M2.1) carries machine
 * code for {@link #MACHINE_CODE} and no PTX (read from {@code libnd4jcuda.so}'s {@code .nv_fatbin}), so the driver
 * has nothing to compile for a newer GPU. A GPU runs machine code built for its own major version and the same or a
 * lower minor version: 8.9 (Ada) runs the 8.6 code, 9.0 (Hopper) and later run none of it.
 */
public final class CudaTargets {

    public static final List<ComputeCapability> MACHINE_CODE = List.of(
            new ComputeCapability(3, 7), new ComputeCapability(5, 0), new ComputeCapability(5, 2),
            new ComputeCapability(6, 0), new ComputeCapability(6, 1), new ComputeCapability(7, 0),
            new ComputeCapability(7, 5), new ComputeCapability(8, 0), new ComputeCapability(8, 6));

    /**
     * The highest major version in {@link #MACHINE_CODE}, as a constant for the operator's default limit on the nodes
     * of GPU workers.
     */
    public static final int HIGHEST_MAJOR = 8;

    private CudaTargets() {
    }

    public static boolean runs(ComputeCapability gpu) {
        return MACHINE_CODE.stream().anyMatch(code -> code.major() == gpu.major() && code.minor() <= gpu.minor());
    }

    public static ComputeCapability lowest() {
        return MACHINE_CODE.get(0);
    }

    public static ComputeCapability highest() {
        return MACHINE_CODE.get(MACHINE_CODE.size() - 1);
    }
}
