package io.kubegpt.trainer.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A line chart in a PNG: named series of points against an x axis from 0 with whole-number ticks (steps, layers),
 * and named horizontal levels drawn dashed (a chance level, a baseline). Series take the colours of a fixed palette
 * in order; levels the palette's greys.
 */
public final class LinePlot {

    /** One point of a series. */
    public record Point(double x, double y) {
    }

    /** A named line; a thicker {@code width} stands out. */
    public record Series(String name, List<Point> points, float width) {
    }

    /** A named horizontal line at {@code y}. */
    public record Level(String name, double y) {
    }

    /** What to draw: the title, the axes' names, the series and the levels. */
    public record Chart(String title, String xName, String yName, List<Series> series, List<Level> levels) {
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final List<Color> PALETTE = List.of(new Color(31, 119, 180), new Color(255, 127, 14),
            new Color(44, 160, 44), new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75));
    private static final List<Color> LEVEL_COLORS = List.of(Color.GRAY, new Color(90, 90, 90));
    private static final Color GRID = new Color(225, 225, 225);
    private static final Stroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
            new float[] {8, 6}, 0);

    private LinePlot() {
    }

    public static void write(Path file, Chart chart) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            draw(g, chart);
        } finally {
            g.dispose();
        }
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void draw(Graphics2D g, Chart chart) {
        List<Point> all = chart.series().stream().flatMap(series -> series.points().stream()).toList();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.DARK_GRAY);
        g.drawString(chart.title(), LEFT, 30);
        if (all.isEmpty()) {
            return;
        }
        double maxX = Math.max(1, all.stream().mapToDouble(Point::x).max().orElse(1));
        List<Double> ys = Stream.concat(all.stream().map(Point::y), chart.levels().stream().map(Level::y)).toList();
        double minY = ys.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double maxY = ys.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        Axis x = Axis.of(0, maxX, true);
        Axis y = Axis.of(Math.max(0, minY - 0.05 * (maxY - minY)), maxY + 0.05 * (maxY - minY), false);
        Frame frame = new Frame(x, y, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics metrics = g.getFontMetrics();
        for (double tick : x.ticks()) {
            int px = (int) Math.round(frame.px(tick));
            g.setColor(GRID);
            g.drawLine(px, TOP, px, TOP + frame.height());
            g.setColor(Color.DARK_GRAY);
            String label = x.label(tick);
            g.drawString(label, px - metrics.stringWidth(label) / 2, TOP + frame.height() + 18);
        }
        for (double tick : y.ticks()) {
            int py = (int) Math.round(frame.py(tick));
            g.setColor(GRID);
            g.drawLine(LEFT, py, LEFT + frame.width(), py);
            g.setColor(Color.DARK_GRAY);
            String label = y.label(tick);
            g.drawString(label, LEFT - 8 - metrics.stringWidth(label), py + 4);
        }
        g.setColor(Color.GRAY);
        g.drawRect(LEFT, TOP, frame.width(), frame.height());
        g.setColor(Color.DARK_GRAY);
        g.drawString(chart.xName(), LEFT + frame.width() / 2 - metrics.stringWidth(chart.xName()) / 2, HEIGHT - 20);
        g.rotate(-Math.PI / 2);
        g.drawString(chart.yName(), -(TOP + frame.height() / 2) - metrics.stringWidth(chart.yName()) / 2, 22);
        g.rotate(Math.PI / 2);

        Legend legend = Legend.clearest(chart, frame, metrics.getHeight() + 2);
        int entry = 0;
        for (int i = 0; i < chart.levels().size(); i++) {
            Level level = chart.levels().get(i);
            Color color = LEVEL_COLORS.get(i % LEVEL_COLORS.size());
            int py = (int) Math.round(frame.py(level.y()));
            g.setColor(color);
            g.setStroke(DASHED);
            g.drawLine(LEFT, py, LEFT + frame.width(), py);
            g.setStroke(new BasicStroke(1));
            legend.entry(g, entry++, level.name(), color);
        }
        for (int i = 0; i < chart.series().size(); i++) {
            Series series = chart.series().get(i);
            Color color = PALETTE.get(i % PALETTE.size());
            curve(g, series, color, frame);
            legend.entry(g, entry++, series.name(), color);
        }
    }

    private static void curve(Graphics2D g, Series series, Color color, Frame frame) {
        List<Point> points = series.points();
        if (points.isEmpty()) {
            return;
        }
        Path2D.Double path = new Path2D.Double();
        g.setColor(color);
        for (int i = 0; i < points.size(); i++) {
            double px = frame.px(points.get(i).x());
            double py = frame.py(points.get(i).y());
            if (i == 0) {
                path.moveTo(px, py);
            } else {
                path.lineTo(px, py);
            }
            if (points.size() < 100) {
                g.fillOval((int) px - 3, (int) py - 3, 6, 6);
            }
        }
        g.setStroke(new BasicStroke(series.width()));
        g.draw(path);
        g.setStroke(new BasicStroke(1));
    }

    /** The legend's box at the right of the plot, {@code top} its first entry's baseline. */
    private record Legend(int left, int top, int lineHeight) {

        private static final int BOX_WIDTH = 190;

        /** In the top right corner, or the bottom right one where fewer points and levels would lie under it. */
        static Legend clearest(Chart chart, Frame frame, int lineHeight) {
            int entries = chart.series().size() + chart.levels().size();
            int left = LEFT + frame.width() - BOX_WIDTH;
            Legend top = new Legend(left, TOP + 20, lineHeight);
            Legend bottom = new Legend(left, TOP + frame.height() - 10 - entries * lineHeight + lineHeight, lineHeight);
            return bottom.covered(chart, frame, entries) < top.covered(chart, frame, entries) ? bottom : top;
        }

        /** How many points and levels lie under a legend of {@code entries} entries. */
        private long covered(Chart chart, Frame frame, int entries) {
            double from = top - lineHeight;
            double to = top + (entries - 1) * lineHeight + 4;
            long points = chart.series().stream().flatMap(series -> series.points().stream())
                    .filter(p -> frame.px(p.x()) >= left - 8 && frame.py(p.y()) >= from && frame.py(p.y()) <= to)
                    .count();
            return points + chart.levels().stream().filter(l -> frame.py(l.y()) >= from && frame.py(l.y()) <= to)
                    .count();
        }

        void entry(Graphics2D g, int index, String name, Color color) {
            int y = top + index * lineHeight;
            g.setColor(color);
            g.fillRect(left, y - 8, 24, 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(name, left + 32, y - 2);
        }
    }

    /** The plotting area: where a value lands in pixels. */
    private record Frame(Axis x, Axis y, int width, int height) {

        double px(double value) {
            return LEFT + x.fraction(value) * width;
        }

        double py(double value) {
            return TOP + height - y.fraction(value) * height;
        }
    }

    /** A linear axis with about six round ticks; on a whole-number axis, a tick at least every 1. */
    private record Axis(double min, double max, double step) {

        static Axis of(double min, double max, boolean wholeNumbers) {
            if (max <= min) {
                max = min + 1;
            }
            double raw = (max - min) / 6;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = Stream.of(1.0, 2.0, 2.5, 5.0, 10.0).map(m -> m * magnitude)
                    .filter(s -> s >= raw).findFirst().orElse(10 * magnitude);
            return new Axis(min, max, wholeNumbers ? Math.max(1, Math.ceil(step)) : step);
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
