package io.kubegpt.trainer.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Fields of this process's {@code /proc/self/status} (Linux). */
final class ProcessStatus {

    private ProcessStatus() {
    }

    /** The value of the field {@code name}, stripped; empty where the file or the field is missing. */
    static Optional<String> field(String name) {
        String prefix = name + ":";
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith(prefix))
                    .map(line -> line.substring(prefix.length()).strip()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
