package io.kubegpt.operator.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The helm and kubectl binaries: on PATH, or in .tools/bin where {@code tools/install-helm-kubectl.sh} puts them.
 * Without them the chart tests are skipped, saying what to install, except under CI, where they fail.
 */
public final class Helm {

    public static final Path CHART = Path.of("..", "charts", "kubegpt");

    public record Result(int exitCode, String stdout, String stderr) {
    }

    private Helm() {
    }

    public static Path binary(String name) {
        Optional<Path> found = Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).map(Path::of),
                        Stream.of(Path.of("..", ".tools", "bin")))
                .map(dir -> dir.resolve(name)).filter(Files::isExecutable).findFirst();
        String missing = name + " not found on PATH or in .tools/bin: run `bash tools/install-helm-kubectl.sh`";
        if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(missing);
        }
        assumeTrue(found.isPresent(), missing);
        return found.get();
    }

    public static Result helm(String... args) {
        return run(null, binary("helm"), args);
    }

    public static Result kubectl(String stdin, String... args) {
        return run(stdin, binary("kubectl"), args);
    }

    private static Result run(String stdin, Path binary, String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("helm", ".out");
            Path err = Files.createTempFile("helm", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in 2 minutes");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
