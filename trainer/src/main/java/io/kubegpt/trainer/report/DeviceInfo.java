package io.kubegpt.trainer.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/** What the trainer runs on, in words, for status.benchmark: the device and the ND4J backend. */
public record DeviceInfo(String device, String backend) {

    public static DeviceInfo current(int threads) {
        Properties environment = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = Nd4j.getBackend().getClass().getSimpleName()
                + " (" + environment.getOrDefault("blas.vendor", "unknown BLAS") + ")";
        Object gpus = environment.get("cuda.devicesInformation");
        String device = gpus instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> gpu
                ? String.valueOf(gpu.get("cuda.deviceName"))
                : "cpu: " + cpuModel() + ", " + threads + " thread" + (threads == 1 ? "" : "s");
        return new DeviceInfo(device, backend);
    }

    /**
     * The processor's model name, with its family and model numbers and the vector units the kernels use: a virtual
     * machine often names only "Intel(R) Xeon(R) Processor", which is many processors.
     */
    private static String cpuModel() {
        try {
            return cpuModel(Files.readAllLines(Path.of("/proc/cpuinfo")));
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }

    /** {@link #cpuModel()} from the lines of /proc/cpuinfo, whose flags some kernels separate by several spaces. */
    static String cpuModel(List<String> lines) {
        String name = field(lines, "model name").orElse(System.getProperty("os.arch"));
        List<String> details = new ArrayList<>();
        field(lines, "cpu family").ifPresent(family -> details.add("family " + family));
        field(lines, "model").ifPresent(model -> details.add("model " + model));
        List<String> flags = List.of(field(lines, "flags").orElse("").split("\\s+"));
        if (flags.contains("avx512f")) {
            details.add("AVX-512");
        } else if (flags.contains("avx2")) {
            details.add("AVX2");
        }
        if (flags.contains("amx_bf16")) {
            details.add("AMX");
        }
        return details.isEmpty() ? name : name + " (" + String.join(", ", details) + ")";
    }

    /** The value of the first /proc/cpuinfo line whose key is exactly {@code key}. */
    private static Optional<String> field(List<String> lines, String key) {
        return lines.stream()
                .filter(line -> line.indexOf(':') > 0 && line.substring(0, line.indexOf(':')).trim().equals(key))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst();
    }
}
