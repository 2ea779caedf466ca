package io.kubegpt.trainer.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/** What the trainer runs on, in words, for status.benchmark: the device and the ND4J backend. */
public record DeviceInfo(String device, String backend) {

    public static DeviceInfo current(int threads) {
        Properties environment = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = Nd4j.getBackend().getClass().getSimpleName()
                + " (" + environment.getOrDefault("blas.vendor", "unknown BLAS") + ")";
        Object gpus = environment.get("cuda.devicesInformation");
        String device = gpus instanceof java.util.List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> gpu
                ? String.valueOf(gpu.get("cuda.deviceName"))
                : "cpu: " + cpuModel() + ", " + threads + " thread" + (threads == 1 ? "" : "s");
        return new DeviceInfo(device, backend);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }
}
