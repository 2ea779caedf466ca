package io.kubegpt.trainer.analysis;

import io.kubegpt.trainer.report.LinePlot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an analysis writes: a Markdown table of its fine-tunes (configuration, final and best score, time) and a
 * picture of the final score (the mean over the seeds) against the layers transferred, one line with the auxiliary objective and one without,
 * from scratch as a dashed level (the paper's Figure 2, left).
 */
final class AnalysisReport {

    private AnalysisReport() {
    }

    /** {@code heading} (Markdown lines above the table), then the table; the scores over {@code seeds} seeds. */
    static String table(String heading, List<Outcome> outcomes, int seeds) {
        String metric = metric(outcomes);
        StringBuilder table = new StringBuilder(heading).append("\n\n| configuration | ");
        table.append(seeds == 1 ? "final " + metric + " | best " + metric + " (epoch)"
                : "final " + metric + ", mean (min to max) of " + seeds + " seeds | best " + metric + ", mean");
        table.append(" | time |\n|---|---|---|---|\n");
        for (Outcome outcome : outcomes) {
            table.append("| ").append(outcome.configuration().describe()).append(" | ");
            outcome.scores().ifPresentOrElse(
                    scores -> table.append(scores.finalScore()).append(" | ").append(scores.bestScore()),
                    () -> table.append(outcome.failure()).append(" | "));
            table.append(" | ").append(outcome.seconds()).append(" |\n");
        }
        return table.toString();
    }

    static void picture(Path file, String title, List<Outcome> outcomes, int seeds) {
        List<LinePlot.Series> series = new ArrayList<>();
        for (boolean withAuxLm : new boolean[] {true, false}) {
            List<LinePlot.Point> points = new ArrayList<>();
            double weight = 0;
            for (Outcome outcome : outcomes) {
                Configuration configuration = outcome.configuration();
                if (!configuration.fromScratch() && configuration.withAuxLm() == withAuxLm
                        && outcome.scores().isPresent()) {
                    points.add(new LinePlot.Point(configuration.layers(), outcome.scores().get().meanFinal()));
                    weight = configuration.auxLmWeight();
                }
            }
            if (!points.isEmpty()) {
                series.add(new LinePlot.Series(withAuxLm ? "with auxiliary LM (" + weight + ")"
                        : "without auxiliary LM", points, 2.5f));
            }
        }
        List<LinePlot.Level> levels = outcomes.stream()
                .filter(outcome -> outcome.configuration().fromScratch() && outcome.scores().isPresent())
                .map(outcome -> new LinePlot.Level(outcome.configuration().describe(),
                        outcome.scores().get().meanFinal()))
                .toList();
        LinePlot.write(file, new LinePlot.Chart(title, "layers transferred", "final " + metric(outcomes)
                + (seeds == 1 ? "" : ", mean of " + seeds + " seeds"),
                series, levels));
    }

    /** The task's main metric, as the runs that scored name it. */
    private static String metric(List<Outcome> outcomes) {
        return outcomes.stream().flatMap(outcome -> outcome.scores().stream()).map(Outcome.Scores::metric)
                .findFirst().orElse("score");
    }
}
