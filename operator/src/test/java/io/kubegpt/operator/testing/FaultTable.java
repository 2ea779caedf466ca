package io.kubegpt.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What each fault of a battery cost, as a table: the status the user saw, the restarts counted against the backoff
 * limit and those that were not, checkpoints lost and steps lost. Printed and written to {@code target/} when the
 * battery ends.
 */
public final class FaultTable {

    public record Row(String fault, String seen, int restarts, int disruptions, long checkpointsLost,
            long stepsLost) {
    }

    private final List<Row> rows = new ArrayList<>();

    public synchronized void add(Row row) {
        rows.add(row);
    }

    public synchronized String markdown() {
        StringBuilder table = new StringBuilder("| Fault | Status seen | Restarts counted | Disruptions | "
                + "Checkpoints lost | Steps lost |\n|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            table.append("| ").append(row.fault()).append(" | ").append(row.seen()).append(" | ")
                    .append(row.restarts()).append(" | ").append(row.disruptions()).append(" | ")
                    .append(row.checkpointsLost()).append(" | ").append(row.stepsLost()).append(" |\n");
        }
        return table.toString();
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(markdown());
    }
}
