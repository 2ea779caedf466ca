package io.kubegpt.trainer.cli;

import io.kubegpt.api.trainer.TrainerCommandLine;
import io.kubegpt.trainer.runtime.NativeThreads;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command that runs a resource file shares. */
final class RunOptions {

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Override a spec field, e.g. --set training.steps=100 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = TrainerCommandLine.OUTPUT, paramLabel = "DIR",
            description = "Output folder (default: runs/<metadata.name>).")
    Path output;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores); a pre-training "
            + "step runs as that many replicas of its passes, one thread each, where its rows divide evenly.")
    int threads = Runtime.getRuntime().availableProcessors();

    Path output(String name) {
        return output != null ? output : Path.of("runs", name == null ? "gpt" : name);
    }

    void applyThreads() {
        NativeThreads.set(threads);
    }
}
