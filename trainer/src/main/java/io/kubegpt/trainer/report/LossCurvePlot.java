package io.kubegpt.trainer.report;

import java.nio.file.Path;
import java.util.List;

/** Draws the training and validation loss against the step into a PNG. */
public final class LossCurvePlot {

    public static final String FILE = "loss-curve.png";

    private LossCurvePlot() {
    }

    public static void write(Path file, String title, LossHistory history) {
        LinePlot.write(file, new LinePlot.Chart(title, "step", "cross-entropy loss (nats/token)",
                List.of(series("train", history.train(), 1.5f), series("validation", history.validation(), 2.5f)),
                List.of()));
    }

    private static LinePlot.Series series(String name, List<LossHistory.Point> points, float width) {
        return new LinePlot.Series(name, points.stream().map(p -> new LinePlot.Point(p.step(), p.loss())).toList(),
                width);
    }
}
