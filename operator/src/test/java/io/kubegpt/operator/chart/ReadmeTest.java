package io.kubegpt.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.operator.testing.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README.md stays true: every shell block marked runnable offline (a fenced block whose info string is
 * {@code bash offline}) runs with bash from the repository root, .tools/bin on the PATH, and exits with 0. Such
 * blocks must need no cluster and no network; they may use what the build made before the operator module
 * (trainer/target/kubegpt-trainer.jar).
 */
class ReadmeTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern OFFLINE_BLOCK = Pattern.compile("(?m)^```bash offline\\n(.*?)^```$", Pattern.DOTALL);

    static List<String> offlineBlocks() throws IOException {
        Matcher m = OFFLINE_BLOCK.matcher(Files.readString(ROOT.resolve("README.md")));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void everyBlockMarkedRunnableOfflineSucceeds() throws Exception {
        List<String> blocks = offlineBlocks();
        assertThat(blocks).as("```bash offline blocks in README.md").hasSizeGreaterThanOrEqualTo(4);
        // the tools the blocks use: helm and kubectl (skipped without them, except under CI), the trainer jar
        Path helm = Helm.binary("helm");
        Path kubectl = Helm.binary("kubectl");
        assertThat(ROOT.resolve("trainer/target/kubegpt-trainer.jar"))
                .as("the trainer jar; build it first: mvn -B -pl trainer -am package -DskipTests").exists();
        String path = helm.toAbsolutePath().getParent() + ":" + kubectl.toAbsolutePath().getParent() + ":"
                + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");

        for (String block : blocks) {
            Path out = Files.createTempFile("readme", ".out");
            ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", block)
                    .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().put("PATH", path);
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("README block did not finish in 60 s:\n" + block);
            }
            assertThat(process.exitValue()).as("exit code of the README block\n%s\noutput:\n%s", block,
                    Files.readString(out)).isZero();
            Files.delete(out);
        }
    }
}
