package io.kubegpt.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinePlotTest {

    @TempDir
    Path dir;

    @Test
    void drawsEachSeriesInItsColourAndEachLevelAcrossThePlot() throws IOException {
        Path file = dir.resolve("chart.png");
        LinePlot.write(file, new LinePlot.Chart("accuracy", "layers transferred", "accuracy",
                List.of(new LinePlot.Series("with LM", List.of(new LinePlot.Point(0, 0.5), new LinePlot.Point(2, 0.9)),
                        2.5f)),
                List.of(new LinePlot.Level("chance", 0.25))));

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(540);
        // the y axis runs from 5% of the range below the lowest value (the level) to 5% above the highest
        double bottom = 0.25 - 0.05 * 0.65;
        double top = 0.9 + 0.05 * 0.65;
        // halfway along the plot the rising series is at 0.7
        assertThat(rowOf(image, (80 + 870) / 2, 0xff1f77b4)).isCloseTo(pixelRow(0.7, bottom, top), within(3));
        // the level is drawn dashed across the plot, starting at its left edge
        assertThat(rowOf(image, 84, 0xff808080)).isCloseTo(pixelRow(0.25, bottom, top), within(3));
    }

    /** The plot spans rows 50 to 480. */
    private static int pixelRow(double value, double bottom, double top) {
        return (int) Math.round(480 - (value - bottom) / (top - bottom) * 430);
    }

    /** The first row, from the top of the plot inside its frame, where column {@code x} has colour {@code rgb}; fails if none. */
    private static int rowOf(BufferedImage image, int x, int rgb) {
        for (int y = 51; y < image.getHeight() - 60; y++) { // inside the frame
            if (image.getRGB(x, y) == rgb) {
                return y;
            }
        }
        throw new AssertionError("no pixel of colour " + Integer.toHexString(rgb) + " in column " + x);
    }
}
