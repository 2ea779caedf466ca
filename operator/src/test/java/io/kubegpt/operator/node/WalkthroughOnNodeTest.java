package io.kubegpt.operator.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README.md's first cluster job, as a user runs it: every fenced block whose info string is {@code bash node} runs
 * in order, from the repository root, against the real node with the chart installed (the README's set-up block,
 * which {@link RealNode} performs). Prints and writes to {@code target/node-walkthrough.md} how long the tiny
 * pre-train took from {@code kubectl apply} to Running and to Succeeded.
 */
class WalkthroughOnNodeTest {

    static final Pattern NODE_BLOCK = Pattern.compile("(?m)^```bash node\\n(.*?)^```$", Pattern.DOTALL);

    @Test
    void theReadmesClusterBlocksRunOnARealNode() throws IOException {
        RealNode node = RealNode.get();
        List<String> blocks = new ArrayList<>();
        Matcher m = NODE_BLOCK.matcher(Files.readString(RealNode.ROOT.resolve("README.md")));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).as("```bash node blocks in README.md").hasSizeGreaterThanOrEqualTo(2);
        assertThat(blocks.get(0)).contains("kubectl apply -f examples/pretrain-tiny-cpu.yaml");

        long start = System.nanoTime();
        long[] runningAt = {-1};
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleWithFixedDelay(() -> {
            GPTPretrain tiny = node.client().resources(GPTPretrain.class).inNamespace("default").withName("tiny").get();
            if (runningAt[0] < 0 && tiny != null && tiny.getStatus() != null && tiny.getStatus().getPhase() != null
                    && (tiny.getStatus().getPhase() == Phase.Running || tiny.getStatus().getPhase().isFinished())) {
                runningAt[0] = System.nanoTime();
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        RealNode.Result pretrain = node.shell(blocks.get(0), Duration.ofMinutes(6));
        long succeededAt = System.nanoTime();
        watcher.shutdownNow();
        assertThat(pretrain.exitCode()).as("exit code of README's block\n%s\noutput:\n%s\n%s", blocks.get(0),
                pretrain.output(), cluster(node)).isZero();
        assertThat(pretrain.output()).contains("Succeeded");
        assertThat(runningAt[0]).as("Running was seen").isPositive();

        for (String block : blocks.subList(1, blocks.size())) {
            RealNode.Result result = node.shell(block, Duration.ofMinutes(6));
            assertThat(result.exitCode()).as("exit code of README's block\n%s\noutput:\n%s\n%s", block,
                    result.output(), cluster(node)).isZero();
        }

        String report = String.format(Locale.ROOT, "| tiny pre-train on the real node | seconds |%n|---|---|%n"
                + "| `kubectl apply` to Running | %.1f |%n| `kubectl apply` to Succeeded | %.1f |%n",
                (runningAt[0] - start) / 1e9, (succeededAt - start) / 1e9);
        System.out.println(report);
        Path file = Path.of("target", "node-walkthrough.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
    }

    /** What the cluster shows of the jobs and their pods, for a block that did not finish. */
    private static String cluster(RealNode node) {
        return node.kubectl("get", "gptp,gptf,pods", "-A", "-o", "wide").stdout()
                + node.kubectl("describe", "gptp,gptf,pods", "-n", "default").stdout();
    }
}
