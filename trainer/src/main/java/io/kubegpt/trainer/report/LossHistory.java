package io.kubegpt.trainer.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Training and validation losses by step, kept as {@code loss.csv} ({@code step,split,loss}) beside the summary so
 * a resumed run continues the same curve.
 */
public final class LossHistory {

    public static final String FILE = "loss.csv";
    private static final String HEADER = "step,split,loss";

    public record Point(long step, double loss) {
    }

    private final List<Point> train = new ArrayList<>();
    private final List<Point> validation = new ArrayList<>();

    /** The history written by an earlier run, up to and including {@code lastStep}; empty if there is none. */
    public static LossHistory read(Path file, long lastStep) {
        LossHistory history = new LossHistory();
        if (!Files.isRegularFile(file)) {
            return history;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] cells = line.split(",");
                if (line.equals(HEADER) || cells.length != 3 || Long.parseLong(cells[0]) > lastStep) {
                    continue;
                }
                Point point = new Point(Long.parseLong(cells[0]), Double.parseDouble(cells[2]));
                (cells[1].equals("validation") ? history.validation : history.train).add(point);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return history;
    }

    public void train(long step, double loss) {
        train.add(new Point(step, loss));
    }

    public void validation(long step, double loss) {
        validation.add(new Point(step, loss));
    }

    public List<Point> train() {
        return List.copyOf(train);
    }

    public List<Point> validation() {
        return List.copyOf(validation);
    }

    public void write(Path file) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        train.forEach(p -> csv.append(String.format(Locale.ROOT, "%d,train,%.6f%n", p.step(), p.loss())));
        validation.forEach(p -> csv.append(String.format(Locale.ROOT, "%d,validation,%.6f%n", p.step(), p.loss())));
        try {
            Files.writeString(file, csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
