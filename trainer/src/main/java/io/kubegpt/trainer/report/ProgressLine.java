package io.kubegpt.trainer.report;

import java.time.Duration;
import java.util.Locale;

/** One line of training progress: {@code step 120/300 (40%) | loss 3.2104 | lr 8.0e-04 | 1,234 tok/s | ETA 1m12s}. */
public final class ProgressLine {

    private ProgressLine() {
    }

    public static String format(long step, long totalSteps, double loss, double learningRate, double tokensPerSecond,
            Duration eta) {
        int width = String.valueOf(totalSteps).length();
        return String.format(Locale.ROOT, "step %" + width + "d/%d (%3d%%) | loss %.4f | lr %.1e | %,.0f tok/s | ETA %s",
                step, totalSteps, totalSteps == 0 ? 100 : step * 100 / totalSteps, loss, learningRate,
                tokensPerSecond, duration(eta));
    }

    /** {@code 45s}, {@code 3m07s}, {@code 2h05m}, {@code 3d04h}. */
    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86400, s % 86400 / 3600);
    }
}
