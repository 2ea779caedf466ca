package io.kubegpt.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed CRD YAML (in crds/yaml and in the chart's crds folder) must be what the Java types generate.
 * With {@code -Dcrds.update=true} the test rewrites the committed files instead of failing.
 */
class CrdYamlTest {

    static final Path COMMITTED = Path.of("yaml");
    /** The chart ships the same files in its crds/ folder, which Helm installs before the templates. */
    static final Path CHART_COPY = Path.of("..", "charts", "kubegpt", "crds");
    static final String REGENERATE = "mvn -pl crds test -Dtest=CrdYamlTest -Dcrds.update=true";

    @Test
    void committedYamlIsWhatTheTypesGenerate(@TempDir Path generated) throws IOException {
        new CRDGenerator()
                .customResourceClasses(GPTPretrain.class, GPTFinetune.class)
                .forCRDVersions("v1")
                .withMinQuotes(true)
                .withPostProcessor(new CRDPostProcessor() {
                    @Override
                    public HasMetadata process(HasMetadata crd, String version) {
                        HasMetadata withDefaults = new SchemaDefaults().process(crd, version);
                        return new PrinterColumnOrder().process(new JobNameSchema().process(withDefaults, version),
                                version);
                    }
                })
                .inOutputDir(generated.toFile())
                .generate();

        List<String> stale = new ArrayList<>();
        try (Stream<Path> files = Files.list(generated)) {
            for (Path file : files.sorted().toList()) {
                String expected = Files.readString(file);
                for (Path folder : List.of(COMMITTED, CHART_COPY)) {
                    Path committed = folder.resolve(file.getFileName());
                    if (Boolean.getBoolean("crds.update")) {
                        Files.createDirectories(folder);
                        Files.writeString(committed, expected);
                    } else if (!Files.exists(committed) || !Files.readString(committed).equals(expected)) {
                        stale.add(Path.of("crds").resolve(committed).normalize().toString());
                    }
                }
            }
        }
        if (!stale.isEmpty()) {
            fail(stale + " differ from what the Java types in crds/ generate. Regenerate them with `"
                    + REGENERATE + "` and commit the result.");
        }
        assertThat(COMMITTED.resolve("gptpretrains.kubegpt.io-v1.yml")).exists();
        assertThat(COMMITTED.resolve("gptfinetunes.kubegpt.io-v1.yml")).exists();
    }
}
