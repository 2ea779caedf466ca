package io.kubegpt.trainer.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Draws the training and validation loss against the step into a PNG. */
public final class LossCurvePlot {

    public static final String FILE = "loss-curve.png";

    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color VALIDATION = new Color(255, 127, 14);
    private static final Color GRID = new Color(225, 225, 225);

    private LossCurvePlot() {
    }

    public static void write(Path file, String title, LossHistory history) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            draw(g, title, history);
        } finally {
            g.dispose();
        }
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void draw(Graphics2D g, String title, LossHistory history) {
        List<LossHistory.Point> all = Stream.concat(history.train().stream(), history.validation().stream()).toList();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.DARK_GRAY);
        g.drawString(title, LEFT, 30);
        if (all.isEmpty()) {
            return;
        }
        double maxStep = Math.max(1, all.stream().mapToLong(LossHistory.Point::step).max().orElse(1));
        double minLoss = all.stream().mapToDouble(LossHistory.Point::loss).min().orElse(0);
        double maxLoss = all.stream().mapToDouble(LossHistory.Point::loss).max().orElse(1);
        Axis x = Axis.of(0, maxStep);
        Axis y = Axis.of(Math.max(0, minLoss - 0.05 * (maxLoss - minLoss)), maxLoss + 0.05 * (maxLoss - minLoss));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics metrics = g.getFontMetrics();
        for (double tick : x.ticks()) {
            int px = LEFT + (int) Math.round(x.fraction(tick) * plotWidth);
            g.setColor(GRID);
            g.drawLine(px, TOP, px, TOP + plotHeight);
            g.setColor(Color.DARK_GRAY);
            String label = x.label(tick);
            g.drawString(label, px - metrics.stringWidth(label) / 2, TOP + plotHeight + 18);
        }
        for (double tick : y.ticks()) {
            int py = TOP + plotHeight - (int) Math.round(y.fraction(tick) * plotHeight);
            g.setColor(GRID);
            g.drawLine(LEFT, py, LEFT + plotWidth, py);
            g.setColor(Color.DARK_GRAY);
            String label = y.label(tick);
            g.drawString(label, LEFT - 8 - metrics.stringWidth(label), py + 4);
        }
        g.setColor(Color.GRAY);
        g.drawRect(LEFT, TOP, plotWidth, plotHeight);
        g.setColor(Color.DARK_GRAY);
        g.drawString("step", LEFT + plotWidth / 2 - metrics.stringWidth("step") / 2, HEIGHT - 20);
        g.rotate(-Math.PI / 2);
        g.drawString("cross-entropy loss (nats/token)", -(TOP + plotHeight / 2) - 90, 22);
        g.rotate(Math.PI / 2);

        curve(g, history.train(), TRAIN, 1.5f, x, y, plotWidth, plotHeight);
        curve(g, history.validation(), VALIDATION, 2.5f, x, y, plotWidth, plotHeight);
        legend(g, metrics, plotWidth);
    }

    private static void curve(Graphics2D g, List<LossHistory.Point> points, Color color, float width,
            Axis x, Axis y, int plotWidth, int plotHeight) {
        if (points.isEmpty()) {
            return;
        }
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < points.size(); i++) {
            double px = LEFT + x.fraction(points.get(i).step()) * plotWidth;
            double py = TOP + plotHeight - y.fraction(points.get(i).loss()) * plotHeight;
            if (i == 0) {
                path.moveTo(px, py);
            } else {
                path.lineTo(px, py);
            }
            if (points.size() < 100) {
                g.setColor(color);
                g.fillOval((int) px - 3, (int) py - 3, 6, 6);
            }
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(width));
        g.draw(path);
        g.setStroke(new BasicStroke(1));
    }

    private static void legend(Graphics2D g, FontMetrics metrics, int plotWidth) {
        int x = LEFT + plotWidth - 150;
        legendEntry(g, x, TOP + 20, "train", TRAIN);
        legendEntry(g, x, TOP + 22 + metrics.getHeight(), "validation", VALIDATION);
    }

    private static void legendEntry(Graphics2D g, int x, int y, String name, Color color) {
        g.setColor(color);
        g.fillRect(x, y - 8, 24, 4);
        g.setColor(Color.DARK_GRAY);
        g.drawString(name, x + 32, y - 2);
    }

    /** A linear axis with about six round ticks. */
    private record Axis(double min, double max, double step) {

        static Axis of(double min, double max) {
            if (max <= min) {
                max = min + 1;
            }
            double raw = (max - min) / 6;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = Stream.of(1.0, 2.0, 2.5, 5.0, 10.0).map(m -> m * magnitude)
                    .filter(s -> s >= raw).findFirst().orElse(10 * magnitude);
            return new Axis(min, max, step);
        }

        double fraction(double value) {
            return (value - min) / (max - min);
        }

        List<Double> ticks() {
            double first = Math.ceil(min / step) * step;
            return Stream.iterate(first, t -> t <= max + 1e-9, t -> t + step).toList();
        }

        String label(double value) {
            return step >= 1 ? String.format(Locale.ROOT, "%,d", Math.round(value))
                    : String.format(Locale.ROOT, "%." + Math.max(1, (int) -Math.floor(Math.log10(step))) + "f", value);
        }
    }
}
