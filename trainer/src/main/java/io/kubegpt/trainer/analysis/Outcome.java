package io.kubegpt.trainer.analysis;

import io.kubegpt.api.v1alpha1.Benchmark;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.Phase;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** How one configuration's fine-tune ended: its status (phase and benchmark) and how long it took. */
public record Outcome(Configuration configuration, GPTJobStatus status, Duration time) {

    /** The scores of a run that succeeded and scored its evaluation file. */
    public Optional<Benchmark> scores() {
        Benchmark benchmark = status.getBenchmark();
        return status.getPhase() == Phase.Succeeded && benchmark != null && benchmark.getScore() != null
                ? Optional.of(benchmark) : Optional.empty();
    }

    /** e.g. "2 layers, aux LM 0.5: accuracy final 0.8125, best 0.8750 (epoch 2), 41.2 s". */
    public String describe() {
        return configuration.describe() + ": " + scores().map(b -> String.format(Locale.ROOT,
                "%s final %.4f, best %.4f (epoch %d)", b.getMetric(), b.getScore(), b.getBestScore(),
                Math.round(b.getBestEpoch()))).orElse(failure()) + ", " + seconds();
    }

    String failure() {
        return status.getPhase() + (status.getMessage() == null ? "" : " (" + status.getMessage() + ")");
    }

    String seconds() {
        return String.format(Locale.ROOT, "%.1f s", time.toMillis() / 1000.0);
    }
}
