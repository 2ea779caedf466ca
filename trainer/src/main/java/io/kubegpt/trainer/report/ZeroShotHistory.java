package io.kubegpt.trainer.report;

import io.kubegpt.api.v1alpha1.ZeroShotScore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Zero-shot accuracies by step, kept as {@code zero-shot.csv} ({@code step,task,accuracy,chance}) so a resumed run
 * continues the same curves, and drawn as {@code zero-shot.png}: one line per task with its chance level dashed,
 * the GPT-1 paper's Figure 2 (right) for this run's corpus and tasks.
 */
public final class ZeroShotHistory {

    public static final String FILE = "zero-shot.csv";
    public static final String PICTURE = "zero-shot.png";
    private static final String HEADER = "step,task,accuracy,chance";

    private record Entry(long step, String task, double accuracy, double chance) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** The history written by an earlier run, up to and including {@code lastStep}; empty if there is none. */
    public static ZeroShotHistory read(Path file, long lastStep) {
        ZeroShotHistory history = new ZeroShotHistory();
        if (!Files.isRegularFile(file)) {
            return history;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] cells = line.split(",");
                if (line.equals(HEADER) || cells.length != 4 || Long.parseLong(cells[0]) > lastStep) {
                    continue;
                }
                history.entries.add(new Entry(Long.parseLong(cells[0]), cells[1], Double.parseDouble(cells[2]),
                        Double.parseDouble(cells[3])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return history;
    }

    public void add(List<ZeroShotScore> scores) {
        scores.forEach(s -> entries.add(new Entry(s.getStep(), s.getName(), s.getAccuracy(), s.getChance())));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Writes the CSV and the picture into {@code folder}. */
    public void write(Path folder) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        entries.forEach(e -> csv.append(String.format(Locale.ROOT, "%d,%s,%.6f,%.6f%n", e.step(), e.task(),
                e.accuracy(), e.chance())));
        try {
            Files.writeString(folder.resolve(FILE), csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LinePlot.write(folder.resolve(PICTURE), chart());
    }

    private LinePlot.Chart chart() {
        Map<String, List<LinePlot.Point>> byTask = new LinkedHashMap<>();
        Map<String, Double> chance = new LinkedHashMap<>();
        for (Entry entry : entries) {
            byTask.computeIfAbsent(entry.task(), task -> new ArrayList<>())
                    .add(new LinePlot.Point(entry.step(), entry.accuracy()));
            chance.put(entry.task(), entry.chance());
        }
        List<LinePlot.Series> series = byTask.entrySet().stream()
                .map(task -> new LinePlot.Series(task.getKey(), task.getValue(), 2.5f)).toList();
        // tasks with the same chance share one level
        Map<Double, List<String>> levels = new LinkedHashMap<>();
        chance.forEach((task, level) -> levels.computeIfAbsent(level, l -> new ArrayList<>()).add(task));
        List<LinePlot.Level> lines = levels.entrySet().stream().map(level -> new LinePlot.Level(String.format(
                Locale.ROOT, "chance %.2f (%s)", level.getKey(), String.join(", ", level.getValue())),
                level.getKey())).toList();
        return new LinePlot.Chart("Zero-shot accuracy by pre-training step", "step", "accuracy", series, lines);
    }
}
