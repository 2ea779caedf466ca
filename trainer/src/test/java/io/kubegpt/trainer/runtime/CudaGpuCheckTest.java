package io.kubegpt.trainer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.kubegpt.api.trainer.ComputeCapability;
import io.kubegpt.api.trainer.CudaTargets;
import io.kubegpt.trainer.runtime.CudaDevices.Gpu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CudaGpuCheckTest {

    static Gpu gpu(String name, int major, int minor) {
        return new Gpu(name, new ComputeCapability(major, minor));
    }

    @Test
    void keplerK80ToAmpereAndAdaRun() {
        List<Gpu> runnable = List.of(gpu("Tesla K80", 3, 7), gpu("Tesla M60", 5, 2), gpu("Jetson Nano", 5, 3),
                gpu("Tesla P100", 6, 0), gpu("Tesla P4", 6, 1), gpu("Tesla V100", 7, 0), gpu("Jetson Xavier", 7, 2),
                gpu("Tesla T4", 7, 5), gpu("A100", 8, 0), gpu("A10", 8, 6), gpu("RTX A6000", 8, 6),
                gpu("Jetson Orin", 8, 7), gpu("L4", 8, 9), gpu("L40S", 8, 9));

        for (Gpu gpu : runnable) {
            assertThat(CudaGpuCheck.refusal(List.of(gpu))).as(gpu.toString()).isEmpty();
        }
    }

    @Test
    void hopperIsRefusedInOneLineThatNamesTheGpuAndWhatRuns() {
        assertThat(CudaGpuCheck.refusal(List.of(gpu("NVIDIA H200", 9, 0)))).contains("NVIDIA H200 (compute "
                + "capability 9.0) cannot run this trainer: its CUDA backend has code for compute capability 3.7 to "
                + "8.6 (and 8.x above 8.6 through 8.6's); use a GPU of those or the CPU image");
    }

    @Test
    void olderKeplerAndBlackwellAreRefused() {
        for (Gpu gpu : List.of(gpu("Tesla K40m", 3, 5), gpu("NVIDIA H100", 9, 0), gpu("NVIDIA B200", 10, 0),
                gpu("GeForce RTX 5090", 12, 0))) {
            assertThat(CudaGpuCheck.refusal(List.of(gpu))).as(gpu.toString()).hasValueSatisfying(message ->
                    assertThat(message).startsWith(gpu.name() + " (compute capability " + gpu.capability() + ") cannot run"));
        }
    }

    @Test
    void theFirstGpuThatCannotRunIsNamedAndNoGpuIsNoRefusal() {
        assertThat(CudaGpuCheck.refusal(List.of(gpu("A100", 8, 0), gpu("H100", 9, 0), gpu("B200", 10, 0))))
                .hasValueSatisfying(message -> assertThat(message).startsWith("H100 (compute capability 9.0)"));
        assertThat(CudaGpuCheck.refusal(List.of())).isEmpty();
    }

    @Test
    void theListEndsAtTheHighestMajorAndHasNoGapBetweenItsEnds() {
        assertThat(CudaTargets.highest().major()).isEqualTo(CudaTargets.HIGHEST_MAJOR);
        // "3.7 to 8.6" in the message holds only if each major in between has code for its .0 (no GPU has major 4)
        for (int major = CudaTargets.lowest().major() + 1; major <= CudaTargets.HIGHEST_MAJOR; major++) {
            assertThat(major == 4 || CudaTargets.runs(new ComputeCapability(major, 0))).as("%d.0", major).isTrue();
        }
    }

    @Test
    void theCpuBuildCarriesNd4jsCpuBackendAndNotItsCudaOne() {
        ClassLoader classLoader = CudaGpuCheck.class.getClassLoader();

        assertThat(CudaGpuCheck.cudaBackendPresent(classLoader)).isFalse();
        assertThat(classLoader.getResource("org/nd4j/linalg/cpu/nativecpu/CpuBackend.class")).isNotNull();
    }

    @Test
    void withoutAnNvidiaDriverNoGpuIsSeen() {
        assumeFalse(Files.exists(Path.of("/proc/driver/nvidia")), "an NVIDIA driver is loaded here");

        assertThat(CudaDevices.visible()).isEmpty();
    }
}
