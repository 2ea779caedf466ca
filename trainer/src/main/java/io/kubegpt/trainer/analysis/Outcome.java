package io.kubegpt.trainer.analysis;

import io.kubegpt.api.v1alpha1.Benchmark;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.Phase;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How one configuration's fine-tunes ended, one per seed: their statuses (phase and benchmark) and their time. */
public record Outcome(Configuration configuration, List<GPTJobStatus> runs, Duration time) {

    /** The scores of the runs, when every one succeeded and scored its evaluation file. */
    public record Scores(String metric, List<Double> finals, List<Double> bests, int bestEpoch) {

        public double meanFinal() {
            return finals.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        }

        public double meanBest() {
            return bests.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        }

        /** The final score, e.g. "0.8125", or over several seeds "0.7917 (0.7500 to 0.8125)". */
        String finalScore() {
            return finals.size() == 1 ? format(meanFinal()) : format(meanFinal()) + " (" + format(finals.stream()
                    .min(Double::compare).orElseThrow()) + " to " + format(finals.stream().max(Double::compare)
                    .orElseThrow()) + ")";
        }

        /** The best score, e.g. "0.8750 (2)" with its epoch, or over several seeds their mean. */
        String bestScore() {
            return bests.size() == 1 ? format(meanBest()) + " (" + bestEpoch + ")" : format(meanBest());
        }

        private static String format(double score) {
            return String.format(Locale.ROOT, "%.4f", score);
        }
    }

    public Optional<Scores> scores() {
        if (runs.stream().anyMatch(status -> status.getPhase() != Phase.Succeeded || status.getBenchmark() == null
                || status.getBenchmark().getScore() == null)) {
            return Optional.empty();
        }
        List<Benchmark> benchmarks = runs.stream().map(GPTJobStatus::getBenchmark).toList();
        return Optional.of(new Scores(benchmarks.get(0).getMetric(),
                benchmarks.stream().map(Benchmark::getScore).toList(),
                benchmarks.stream().map(Benchmark::getBestScore).toList(),
                (int) Math.round(benchmarks.get(0).getBestEpoch())));
    }

    /** e.g. "2 layers, aux LM 0.5: accuracy final 0.8125, best 0.8750 (2), 41.2 s". */
    public String describe() {
        return configuration.describe() + ": " + scores().map(s -> s.metric() + " final " + s.finalScore() + ", best "
                + s.bestScore()).orElse(failure()) + ", " + seconds();
    }

    /** How the first run that did not score ended. */
    String failure() {
        GPTJobStatus failed = runs.stream().filter(status -> status.getPhase() != Phase.Succeeded).findFirst()
                .orElse(runs.get(0));
        return failed.getPhase() + (failed.getMessage() == null ? "" : " (" + failed.getMessage() + ")");
    }

    String seconds() {
        return String.format(Locale.ROOT, "%.1f s", time.toMillis() / 1000.0);
    }
}
