package io.kubegpt.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubegpt.operator.testing.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The examples as a user meets them: every file opens with a comment block, and the GitOps folder renders with
 * {@code kubectl kustomize} into its namespace, the tiny pre-train and a fine-tune chained to it, all labelled.
 * (The crds module's CrdsOnApiServerTest applies every example's custom resources to a real API server.)
 */
class ExamplesTest {

    static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void everyExampleOpensWithACommentBlock() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(EXAMPLES)) {
            files = walk.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }

        assertThat(files).hasSizeGreaterThanOrEqualTo(9);
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            long comment = lines.stream().takeWhile(l -> l.startsWith("#")).count();
            assertThat(comment).as("lines of the comment block opening %s", file).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void theGitOpsFolderRendersTheChainedJobsInItsNamespace() throws IOException {
        Helm.Result rendered = Helm.kubectl(null, "kustomize", EXAMPLES.resolve("gitops").toString());

        assertThat(rendered.exitCode()).as(rendered.stderr()).isZero();
        List<Map<String, Object>> objects = new ObjectMapper(new YAMLFactory()).readerFor(Map.class)
                .<Map<String, Object>>readValues(rendered.stdout()).readAll();
        assertThat(objects).extracting(o -> o.get("kind"))
                .containsExactlyInAnyOrder("Namespace", "GPTPretrain", "GPTFinetune");
        assertThat(objects).allSatisfy(o -> assertThat(at(o, "metadata", "labels"))
                .containsEntry("app.kubernetes.io/part-of", "kubegpt-demo"));
        assertThat(objects).filteredOn(o -> !o.get("kind").equals("Namespace"))
                .allSatisfy(o -> assertThat(at(o, "metadata")).containsEntry("namespace", "kubegpt-demo"));
        Map<String, Object> pretrain = one(objects, "GPTPretrain");
        assertThat(at(one(objects, "GPTFinetune"), "spec", "base"))
                .containsEntry("pretrain", at(pretrain, "metadata").get("name"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> object, String... path) {
        Map<String, Object> current = object;
        for (String key : path) {
            current = (Map<String, Object>) current.get(key);
        }
        return current;
    }

    private static Map<String, Object> one(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> o.get("kind").equals(kind)).findFirst().orElseThrow();
    }
}
