package io.kubegpt.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.Kueue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Workload the operator writes against Kueue's v1beta2 rules. The test API server (1.20) runs none of Kueue's
 * CEL rules, so those on what the operator writes are checked here, each by its text in Kueue's own CRD
 * ({@code ../shared/kueue/crds/original}), with the schema's limits read from there too: pod set names DNS labels
 * of at most 63 characters and unique, counts at least 1, 1 to 18 pod sets, minCount at most count, a priority
 * with every priorityClassRef of a matching group and kind, a queue name as the schema allows it; and no empty
 * string anywhere, which this test server refuses.
 */
class QueueWorkloadTest {

    static JsonNode spec;
    static List<String> rules = new ArrayList<>();

    @BeforeAll
    static void readKueuesSchema() {
        Path crd = Kueue.HOME.resolve("crds").resolve("original").resolve("kueue.x-k8s.io_workloads.yaml");
        Assumptions.assumeTrue(Files.exists(crd), crd + " is absent: the Workload is not checked against Kueue's rules");
        try (InputStream in = Files.newInputStream(crd)) {
            JsonNode root = Serialization.yamlMapper().readTree(in);
            for (JsonNode version : root.path("spec").path("versions")) {
                if ("v1beta2".equals(version.path("name").asText())) {
                    spec = version.path("schema").path("openAPIV3Schema").path("properties").path("spec");
                }
            }
            spec.findValues("x-kubernetes-validations").forEach(list -> list
                    .forEach(rule -> rules.add(rule.path("rule").asText())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void kueuesRulesOnTheSpecAreTheOnesCheckedHere() {
        assertThat(rules).contains("!has(self.priorityClassRef) || has(self.priority)",
                "has(self.minCount) ? self.minCount <= self.count : true",
                "(self.group == 'scheduling.k8s.io') ? self.kind == 'PriorityClass' : true",
                "(self.group == 'kueue.x-k8s.io') ? self.kind == 'WorkloadPriorityClass' : true");
        JsonNode podSets = spec.path("properties").path("podSets");
        assertThat(podSets.path("maxItems").asInt()).isEqualTo(18);
        assertThat(podSets.path("x-kubernetes-list-map-keys").get(0).asText()).isEqualTo("name");
    }

    @Test
    void aPlainJobsWorkloadKeepsKueuesRules() {
        assertKeepsKueuesRules(workload(Jobs.tiny("plain"), null));
    }

    @Test
    void aLargeGpuJobWithAPriorityAndADownloadedCorpusKeepsKueuesRules() {
        GPTPretrain job = Jobs.with(Jobs.tiny("a-job-with-a-name-just-short-enough-for-its-objects"), Map.of(
                "workers.replicas", 1024, "workers.gpusPerWorker", 8, "training.batchSize", 8192,
                "workers.priorityClassName", "training", "workers.nodeSelector", Map.of("pool", "h100"),
                "data.url", "https://example.com/corpus.txt"));
        job.getSpec().getWorkers().setTolerations(List.of(new TolerationBuilder().withKey("gpu")
                .withOperator("Exists").withEffect("NoSchedule").build()));

        GenericKubernetesResource workload = workload(job, 1000);

        assertKeepsKueuesRules(workload);
        JsonNode tree = Serialization.jsonMapper().valueToTree(workload);
        assertThat(tree.path("spec").path("podSets")).extracting(podSet -> podSet.path("name").asText())
                .containsExactly("workers", "prepare");
        JsonNode workers = tree.path("spec").path("podSets").get(0);
        assertThat(workers.path("count").asInt()).isEqualTo(1024);
        JsonNode template = workers.path("template").path("spec");
        assertThat(template.path("containers").get(0).path("resources").path("requests").path("nvidia.com/gpu")
                .asText()).isEqualTo("8");
        assertThat(template.path("nodeSelector").path("pool").asText()).isEqualTo("h100");
        assertThat(template.path("tolerations").get(0).path("key").asText()).isEqualTo("gpu");
        assertThat(template.path("affinity").path("nodeAffinity").isMissingNode()).as("the GPU compatibility affinity")
                .isFalse();
        assertThat(template.path("priorityClassName").asText()).isEqualTo("training");
        assertThat(template.has("volumes")).as("only what Kueue counts and places").isFalse();
        assertThat(tree.path("spec").path("priority").asInt()).isEqualTo(1000);
    }

    @Test
    void aSuspendedJobsWorkloadIsInactive() {
        GPTPretrain job = Jobs.tiny("held");
        job.getSpec().setSuspend(true);

        assertThat(Serialization.jsonMapper().valueToTree(workload(job, null)).path("spec").path("active").asBoolean())
                .isFalse();
    }

    private static GenericKubernetesResource workload(GPTPretrain job, Integer priority) {
        return new QueueWorkload("team-a", priority).desired(TrainerPodTest.view(job));
    }

    private static void assertKeepsKueuesRules(GenericKubernetesResource workload) {
        JsonNode tree = Serialization.jsonMapper().valueToTree(workload);
        JsonNode spec = tree.path("spec");
        JsonNode schema = QueueWorkloadTest.spec.path("properties");
        JsonNode podSets = spec.path("podSets");
        assertThat(podSets.size()).isBetween(1, schema.path("podSets").path("maxItems").asInt());
        JsonNode nameSchema = schema.path("podSets").path("items").path("properties").path("name");
        Pattern dnsLabel = Pattern.compile(nameSchema.path("pattern").asText());
        Set<String> names = new HashSet<>();
        for (JsonNode podSet : podSets) {
            String name = podSet.path("name").asText();
            assertThat(name).matches(dnsLabel).hasSizeLessThanOrEqualTo(nameSchema.path("maxLength").asInt());
            assertThat(names.add(name)).as("pod set names are the list's keys").isTrue();
            assertThat(podSet.path("count").asInt()).isGreaterThanOrEqualTo(1);
            if (podSet.has("minCount")) {
                assertThat(podSet.path("minCount").asInt()).isBetween(1, podSet.path("count").asInt());
            }
            assertThat(podSet.path("template").path("spec").path("containers")).isNotEmpty();
        }
        if (spec.has("priorityClassRef")) {
            assertThat(spec.has("priority")).as("priority with priorityClassRef").isTrue();
            JsonNode ref = spec.path("priorityClassRef");
            assertThat(ref.path("group").asText() + "/" + ref.path("kind").asText())
                    .isIn("scheduling.k8s.io/PriorityClass", "kueue.x-k8s.io/WorkloadPriorityClass");
        }
        JsonNode queueSchema = schema.path("queueName");
        assertThat(spec.path("queueName").asText()).matches(queueSchema.path("pattern").asText())
                .hasSizeLessThanOrEqualTo(queueSchema.path("maxLength").asInt());
        assertThat(tree.path("metadata").path("name").asText()).hasSizeLessThanOrEqualTo(253);
        assertThat(emptyStrings(tree, "")).as("this API server refuses empty strings in custom objects").isEmpty();
    }

    private static List<String> emptyStrings(JsonNode node, String path) {
        List<String> found = new ArrayList<>();
        if (node.isTextual() && node.asText().isEmpty()) {
            found.add(path);
        }
        node.fields().forEachRemaining(field -> found.addAll(emptyStrings(field.getValue(), path + "." + field.getKey())));
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                found.addAll(emptyStrings(node.get(i), path + "[" + i + "]"));
            }
        }
        return found;
    }
}
