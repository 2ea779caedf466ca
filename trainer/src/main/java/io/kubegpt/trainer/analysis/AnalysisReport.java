package io.kubegpt.trainer.analysis;

import io.kubegpt.api.v1alpha1.Benchmark;
import io.kubegpt.trainer.report.LinePlot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an analysis writes: a Markdown table of its fine-tunes (configuration, final and best score, time) and a
 * picture of the final score against the layers transferred, one line with the auxiliary objective and one without,
 * from scratch as a dashed level (the paper's Figure 2, left).
 */
final class AnalysisReport {

    private AnalysisReport() {
    }

    /** {@code heading} (Markdown lines above the table), then the table. */
    static String table(String heading, List<Outcome> outcomes) {
        String metric = metric(outcomes);
        StringBuilder table = new StringBuilder(heading).append("\n\n")
                .append("| configuration | final ").append(metric).append(" | best ").append(metric)
                .append(" (epoch) | time |\n|---|---|---|---|\n");
        for (Outcome outcome : outcomes) {
            table.append("| ").append(outcome.configuration().describe()).append(" | ");
            outcome.scores().ifPresentOrElse(
                    b -> table.append(String.format(Locale.ROOT, "%.4f | %.4f (%d)", b.getScore(), b.getBestScore(),
                            Math.round(b.getBestEpoch()))),
                    () -> table.append(outcome.failure()).append(" | "));
            table.append(" | ").append(outcome.seconds()).append(" |\n");
        }
        return table.toString();
    }

    static void picture(Path file, String title, List<Outcome> outcomes) {
        List<LinePlot.Series> series = new ArrayList<>();
        for (boolean withAuxLm : new boolean[] {true, false}) {
            List<LinePlot.Point> points = new ArrayList<>();
            double weight = 0;
            for (Outcome outcome : outcomes) {
                Configuration configuration = outcome.configuration();
                if (!configuration.fromScratch() && configuration.withAuxLm() == withAuxLm
                        && outcome.scores().isPresent()) {
                    points.add(new LinePlot.Point(configuration.layers(), outcome.scores().get().getScore()));
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
                        outcome.scores().get().getScore()))
                .toList();
        LinePlot.write(file, new LinePlot.Chart(title, "layers transferred", "final " + metric(outcomes),
                series, levels));
    }

    /** The task's main metric, as the runs that scored name it. */
    private static String metric(List<Outcome> outcomes) {
        return outcomes.stream().flatMap(outcome -> outcome.scores().stream()).map(Benchmark::getMetric)
                .findFirst().orElse("score");
    }
}
