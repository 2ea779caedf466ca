package io.kubegpt.trainer.runtime;

import io.kubegpt.api.trainer.CudaTargets;
import io.kubegpt.trainer.UnsupportedGpuException;
import io.kubegpt.trainer.runtime.CudaDevices.Gpu;
import java.util.List;
import java.util.Optional;

/**
 * Refuses, before ND4J's CUDA backend starts, a GPU that backend has no code for ({@link CudaTargets}), with a message
 * that says so instead of whatever the backend's first kernel launch reports. Only the CUDA build carries that
 * backend; the CPU build never asks the driver.
 */
final class CudaGpuCheck {

    /** ND4J's CUDA backend, found without loading it: only {@code nd4j-cuda-*} holds this class. */
    static final String CUDA_BACKEND = "org/nd4j/linalg/jcublas/JCublasBackend.class";

    private CudaGpuCheck() {
    }

    /** @throws UnsupportedGpuException naming the first visible GPU the CUDA backend cannot run on */
    static void requireRunnableGpus() {
        if (cudaBackendPresent(CudaGpuCheck.class.getClassLoader())) {
            refusal(CudaDevices.visible()).ifPresent(message -> {
                throw new UnsupportedGpuException(message);
            });
        }
    }

    static boolean cudaBackendPresent(ClassLoader classLoader) {
        return classLoader.getResource(CUDA_BACKEND) != null;
    }

    /** Why the first of {@code gpus} that the backend cannot run on is refused; empty when it runs on all. */
    static Optional<String> refusal(List<Gpu> gpus) {
        return gpus.stream().filter(gpu -> !CudaTargets.runs(gpu.capability())).findFirst()
                .map(gpu -> String.format("%s (compute capability %s) cannot run this trainer: its CUDA backend has "
                        + "code for compute capability %s to %s (and %d.x above %s through %s's); use a GPU of "
                        + "those or the CPU image", gpu.name(), gpu.capability(), CudaTargets.lowest(),
                        CudaTargets.highest(), CudaTargets.highest().major(), CudaTargets.highest(),
                        CudaTargets.highest()));
    }
}
