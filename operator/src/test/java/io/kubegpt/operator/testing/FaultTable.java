package io.kubegpt.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.api.v1alpha1.GPTJobStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each fault of a battery cost, as a table: the status the user saw, the restarts counted against the backoff
 * limit and those that were not, checkpoints lost and steps lost. Printed and written to {@code target/} when the
 * battery ends.
 */
public final class FaultTable {

    public record Row(String fault, String seen, int restarts, int disruptions, long checkpointsLost,
            long stepsLost) {
    }

    static final Pattern STOPPED = Pattern.compile("stopped on request at step ([\\d,]+)");
    static final Pattern RESUMED = Pattern.compile("resuming from \\S+ \\(step ([\\d,]+)");
    static final Pattern STEP = Pattern.compile("step +(\\d+)/");
    static final Pattern LOSS = Pattern.compile("\\| loss (\\d+\\.\\d+)");

    private final List<Row> rows = new ArrayList<>();

    /**
     * Adds the row of a fault that the job survived, from the logs of worker 0's two runs: the second run continued
     * from a checkpoint of the first no older than the latest one when the fault came, with a loss below the first
     * run's start, and a graceful stop resumes where it stopped. Steps lost are those the first run reached (in its
     * status or its log) beyond the step the second resumed from; returned.
     */
    public long addSurvived(String fault, String seen, GPTJobStatus done, long latestBefore, long reachedBefore,
            List<String> worker0Runs, long totalSteps) {
        assertThat(worker0Runs).hasSize(2);
        Matcher resumed = RESUMED.matcher(worker0Runs.get(1));
        assertThat(resumed.find()).as("second run resumes:%n%s", worker0Runs.get(1)).isTrue();
        long resumedStep = Long.parseLong(resumed.group(1).replace(",", ""));
        assertThat(resumedStep).as("checkpoints lost").isGreaterThanOrEqualTo(latestBefore).isLessThan(totalSteps);
        assertThat(firstLoss(worker0Runs.get(1))).isLessThan(firstLoss(worker0Runs.get(0)));
        Matcher stopped = STOPPED.matcher(worker0Runs.get(0));
        if (stopped.find()) {
            assertThat(resumedStep).as("a graceful stop resumes where it stopped").isEqualTo(
                    Long.parseLong(stopped.group(1).replace(",", "")));
        }
        long stepsLost = Math.max(0, Math.max(reachedBefore, lastStep(worker0Runs.get(0))) - resumedStep);
        add(new Row(fault, seen, done.getRestarts(), done.getDisruptions() == null ? 0 : done.getDisruptions(), 0,
                stepsLost));
        return stepsLost;
    }

    private static long lastStep(String log) {
        Matcher step = STEP.matcher(log);
        long last = 0;
        while (step.find()) {
            last = Long.parseLong(step.group(1));
        }
        return last;
    }

    private static double firstLoss(String log) {
        Matcher loss = LOSS.matcher(log);
        assertThat(loss.find()).as("a loss in:%n%s", log).isTrue();
        return Double.parseDouble(loss.group(1));
    }

    public synchronized void add(Row row) {
        rows.add(row);
    }

    public synchronized String markdown() {
        StringBuilder table = new StringBuilder("| Fault | Status seen | Restarts counted | Disruptions | "
                + "Checkpoints lost | Steps lost |\n|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            table.append("| ").append(row.fault()).append(" | ").append(row.seen()).append(" | ")
                    .append(row.restarts()).append(" | ").append(row.disruptions()).append(" | ")
                    .append(row.checkpointsLost()).append(" | ").append(row.stepsLost()).append(" |\n");
        }
        return table.toString();
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(markdown());
    }
}
