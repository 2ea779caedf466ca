package io.kubegpt.trainer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.runtime.NativeThreads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class GPTBenchmarkTest {

    private static final Pattern ROW =
            Pattern.compile("(?m)^(.+?)\\s+([0-9.]+)\\s+([0-9.]+)%\\s+([0-9.]+)\\s+([0-9.]+|-)\\s+([0-9]+)$");

    @Test
    void aProfiledRunTimesEachOpOfAStepAloneAndInTheStepAndWhatIsLeftOutsideThemWithTheCoresEachKeptBusy() {
        GPTConfig config = new GPTConfig(64, 16, 2, 32, 4, 128, 0, 0.02);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        GPTBenchmark.Result result = GPTBenchmark.run(config, 4, 1, 3, 4,
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        String table = printed.toString(StandardCharsets.UTF_8);
        double stepMillis = result.secondsPerStep() * 1e3;
        Matcher rows = ROW.matcher(table);
        double listed = 0;
        int count = 0;
        int products = 0;
        while (rows.find()) {
            listed += Double.parseDouble(rows.group(2));
            assertThat(Double.parseDouble(rows.group(4))).as("cores busy in " + rows.group(1)).isPositive();
            assertThat(Long.parseLong(rows.group(6))).as(rows.group(1)).isPositive();
            if (rows.group(1).startsWith("matmul")) {
                products++;
                assertThat(Double.parseDouble(rows.group(5))).as("alone, " + rows.group(1)).isPositive();
            }
            count++;
        }
        assertThat(count).isEqualTo(20);
        assertThat(products).isPositive();
        assertThat(listed).isPositive().isLessThan(stepMillis);
        // matrix products are told apart by their input shapes: [tokens, d] and [d, out] forward and back
        assertThat(table).containsPattern("(?m)^matmul \\[64, 32\\] \\[32, (32|128)\\] ")
                .containsPattern("(?m)^matmul \\[64, 128\\] \\[128, 32\\] ")
                .containsPattern("(?m)^matmul_bp \\[64, 32\\] \\[32, (32|128)\\] ")
                .doesNotContainPattern("(?m)^matmul(_bp)? +[0-9]");
        Matcher outside = Pattern.compile("outside the ops\\s+(-?[0-9.]+)\\s+(-?[0-9.]+)%").matcher(table);
        assertThat(outside.find()).as(table).isTrue();
        assertThat(Double.parseDouble(outside.group(1))).isPositive().isLessThan(stepMillis);
        Matcher step = Pattern.compile("whole step\\s+([0-9.]+)\\s+100.0%\\s+([0-9.]+)").matcher(table);
        assertThat(step.find()).as(table).isTrue();
        assertThat(Double.parseDouble(step.group(1))).isCloseTo(stepMillis, within(0.01));
        assertThat(Double.parseDouble(step.group(2))).as("cores busy in a step").isPositive();
        assertThat(List.of(table.split("\n"))).hasSize(23);
        // the 3 warm-up steps and the untimed step that runs each op alone
        assertThat(result.warmupSteps()).isGreaterThanOrEqualTo(4);
        assertThat(result.toString()).contains(" threads=1 replicas=1 ")
                .contains(" warmup=" + result.warmupSteps() + " steps=4 compiler=");
    }

    @Test
    void atTwoThreadsAStepRunsAsTwoReplicasAndAProfileSaysWhoseOpsItTimes() {
        GPTConfig config = new GPTConfig(64, 16, 2, 32, 4, 128, 0, 0.02);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int threadsBefore = Nd4j.getEnvironment().maxMasterThreads();
        GPTBenchmark.Result result;
        try {
            result = GPTBenchmark.run(config, 4, 2, 1, 2, new PrintStream(printed, true, StandardCharsets.UTF_8));
        } finally {
            NativeThreads.set(threadsBefore);
        }

        assertThat(result.replicas()).isEqualTo(2);
        assertThat(result.toString()).contains(" threads=2 replicas=2 ");
        assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("the ops of replica 1 of 2, one thread each");
    }

    @Test
    void theTimedStepsAreTheFirstWindowAfterTheWarmUpInWhichTheCompilersWereQuiet() {
        double quiet = GPTBenchmark.QUIET_COMPILER_PERCENT / 100.0;
        List<Integer> starts = new ArrayList<>();
        List<Double> shares = List.of(0.2, 2 * quiet, quiet, 0.0);

        GPTBenchmark.Timed timed = GPTBenchmark.firstQuietWindow(10, 4, first -> {
            starts.add(first);
            return new GPTBenchmark.Window(2.0, 3.0, shares.get(starts.size() - 1));
        });

        assertThat(starts).containsExactly(10, 14, 18);
        assertThat(timed.firstStep()).isEqualTo(18);
        assertThat(timed.window().compilerShare()).isEqualTo(quiet);
    }

    @Test
    void whereTheCompilersNeverQuietTheLastOfTheWindowsCounts() {
        List<Integer> starts = new ArrayList<>();

        GPTBenchmark.Timed timed = GPTBenchmark.firstQuietWindow(5, 3, first -> {
            starts.add(first);
            return new GPTBenchmark.Window(1.0, 1.0, 0.5);
        });

        assertThat(starts).hasSize(GPTBenchmark.MAX_WINDOWS);
        assertThat(timed.firstStep()).isEqualTo(5 + 3 * (GPTBenchmark.MAX_WINDOWS - 1));
        assertThat(starts.get(starts.size() - 1)).isEqualTo(timed.firstStep());
    }
}
