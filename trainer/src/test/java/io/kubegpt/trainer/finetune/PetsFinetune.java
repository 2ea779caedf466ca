package io.kubegpt.trainer.finetune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A cat-or-dog classification fine-tune of the pre-train {@code base}, its examples and spec written to a folder. */
public final class PetsFinetune {

    private PetsFinetune() {
    }

    /**
     * Writes {@code pets.csv} of {@code rows} ({@code text,label}) and {@code pets.yaml}, whose {@code spec.training}
     * is {@code training} and whose spec ends with {@code extraSpec} lines (already indented); returns the YAML.
     */
    public static Path write(Path dir, List<String> rows, String training, String extraSpec) throws IOException {
        Path data = Files.writeString(dir.resolve("pets.csv"), "text,label\n" + String.join("\n", rows) + "\n");
        return Files.writeString(dir.resolve("pets.yaml"), """
                apiVersion: kubegpt.io/v1alpha1
                kind: GPTFinetune
                metadata: {name: pets}
                spec:
                  base: {pretrain: base}
                  task: {type: classification, labels: [cat, dog]}
                  data: {train: %s}
                  training: {%s}
                """.formatted(data, training) + extraSpec);
    }
}
