package io.kubegpt.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.kubegpt.api.v1alpha1.validation.FieldError;
import io.kubegpt.api.v1alpha1.validation.JobName;
import io.kubegpt.api.v1alpha1.validation.SpecValidation;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRDs on a real kube-apiserver: examples accepted, invalid specs rejected with 422 naming the
 * field, defaults equal to the Java types', unknown fields pruned, status writable only through its subresource.
 */
@EnableKubeAPIServer
class CrdsOnApiServerTest {

    static final Path EXAMPLES = Path.of("..", "examples");
    static final String NAMESPACE = "crd-test";
    static final Map<String, Class<? extends io.fabric8.kubernetes.client.CustomResource<? extends GPTJobSpec, GPTJobStatus>>>
            JOB_KINDS = Map.of("GPTPretrain", GPTPretrain.class, "GPTFinetune", GPTFinetune.class);

    @KubeConfig
    static String kubeConfig;

    static KubernetesClient client;

    @BeforeAll
    static void installCrds() throws IOException {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfig)).build();
        try (Stream<Path> files = Files.list(CrdYamlTest.COMMITTED)) {
            for (Path file : files.toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                            .load(in).item();
                    client.resource(crd).serverSideApply();
                    client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                            .waitUntilCondition(CrdsOnApiServerTest::established, 30, TimeUnit.SECONDS);
                }
            }
        }
        client.resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            // files of other API groups (examples/gitops: its kustomization.yaml and Namespace) are not examined here
            return files.filter(f -> f.toString().endsWith(".yaml")).filter(CrdsOnApiServerTest::holdsKubegptResources)
                    .sorted().toList().stream();
        }
    }

    private static boolean holdsKubegptResources(Path file) {
        try {
            return Files.readString(file).contains("apiVersion: kubegpt.io/");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleIsAccepted(Path example) throws IOException {
        List<HasMetadata> jobs;
        try (InputStream in = Files.newInputStream(example)) {
            jobs = client.load(in).items().stream().filter(r -> JOB_KINDS.containsKey(r.getKind())).toList();
        }
        assertThat(jobs).as("custom resources in %s", example).isNotEmpty();
        for (HasMetadata job : jobs) {
            HasMetadata created = client.resource(job).inNamespace(NAMESPACE).create();
            GPTJobSpec spec = Serialization.unmarshal(Serialization.asJson(created), JOB_KINDS.get(job.getKind()))
                    .getSpec();
            List<FieldError> errors = spec instanceof GPTPretrainSpec pretrain
                    ? SpecValidation.validate(pretrain) : SpecValidation.validate((GPTFinetuneSpec) spec);
            assertThat(errors).as("operator-side validation of %s", example).isEmpty();
            client.resource(created).delete();
        }
    }

    @Test
    void anEmptySpecGetsExactlyTheJavaDefaults() {
        GPTPretrain created = pretrains().resource(pretrain("defaults", Map.of())).create();

        ObjectMapper mapper = new ObjectMapper();
        JsonNode expected = mapper.valueToTree(new GPTPretrainSpec());
        assertThat(mapper.<JsonNode>valueToTree(created.getSpec())).isEqualTo(expected);
        assertThat(created.getSpec().getModel().getDModel()).isEqualTo(768);
        assertThat(created.getSpec().getTraining().getWarmupSteps()).isEqualTo(2000L);
        assertThat(created.getSpec().getTokenizer().getVocabSize()).isEqualTo(40478);
    }

    @Test
    void optionalSectionsGetTheirDefaultsWhenWritten() {
        GPTPretrain created = pretrains().resource(pretrain("volume-defaults",
                Map.of("checkpoint", Map.of("volume", Map.of())))).create();

        assertThat(created.getSpec().getCheckpoint().getVolume().getSize()).isEqualTo("10Gi");
    }

    @Test
    void unknownFieldsArePruned() {
        GenericKubernetesResource withExtras = genericPretrain("pruned", Map.of(
                "model", Map.of("layers", 2, "colour", "blue"),
                "bogus", 1));

        GenericKubernetesResource created = genericPretrains().resource(withExtras).create();

        Map<String, Object> spec = created.get("spec");
        assertThat(spec).doesNotContainKey("bogus");
        assertThat((Map<String, Object>) spec.get("model")).containsEntry("layers", 2).doesNotContainKey("colour");
    }

    @Test
    void statusIsWrittenOnlyThroughTheStatusSubresource() {
        GPTPretrain job = pretrain("status", Map.of());
        job.setStatus(status(Phase.Succeeded));
        GPTPretrain created = pretrains().resource(job).create();
        assertThat(created.getStatus()).as("status sent with create").isNull();

        created.setStatus(status(Phase.Running));
        GPTPretrain afterStatusWrite = pretrains().resource(created).updateStatus();
        assertThat(afterStatusWrite.getStatus().getPhase()).isEqualTo(Phase.Running);

        afterStatusWrite.setStatus(status(Phase.Failed));
        afterStatusWrite.getSpec().setSuspend(true);
        GPTPretrain afterSpecWrite = pretrains().resource(afterStatusWrite).update();
        assertThat(afterSpecWrite.getSpec().getSuspend()).isTrue();
        assertThat(afterSpecWrite.getStatus().getPhase()).as("status sent with a spec update").isEqualTo(Phase.Running);
    }

    record Invalid(String kind, String name, Map<String, Object> spec, String field, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Invalid> invalidSpecs() {
        Map<String, Object> base = Map.of("pretrain", "tiny");
        Map<String, Object> task = Map.of("type", "classification", "labels", List.of("no", "yes"));
        Map<String, Object> data = Map.of("train", "/data/train.jsonl");
        return Stream.of(
                new Invalid("GPTPretrain", "layers-not-a-number", Map.of("model", Map.of("layers", "twelve")),
                        "spec.model.layers", "integer"),
                new Invalid("GPTPretrain", "zero-heads", Map.of("model", Map.of("heads", 0)),
                        "spec.model.heads", "greater than or equal to 1"),
                new Invalid("GPTPretrain", "negative-replicas", Map.of("workers", Map.of("replicas", -1)),
                        "spec.workers.replicas", "greater than or equal to 1"),
                new Invalid("GPTPretrain", "dropout-one", Map.of("model", Map.of("dropout", 1.0)),
                        "spec.model.dropout", "less than 1"),
                new Invalid("GPTPretrain", "context-one", Map.of("model", Map.of("context", 1)),
                        "spec.model.context", "greater than or equal to 2"),
                new Invalid("GPTPretrain", "zero-learning-rate", Map.of("training", Map.of("learningRate", 0)),
                        "spec.training.learningRate", "greater than 0"),
                new Invalid("GPTPretrain", "zero-batch", Map.of("training", Map.of("batchSize", 0)),
                        "spec.training.batchSize", "greater than or equal to 1"),
                new Invalid("GPTPretrain", "unknown-schedule", Map.of("training", Map.of("schedule", "exponential")),
                        "spec.training.schedule", "Unsupported value"),
                new Invalid("GPTPretrain", "ftp-url", Map.of("data", Map.of("url", "ftp://example.org/books.txt")),
                        "spec.data.url", "should match"),
                new Invalid("GPTPretrain", "tiny-vocabulary", Map.of("tokenizer", Map.of("vocabSize", 100)),
                        "spec.tokenizer.vocabSize", "greater than or equal to 260"),
                new Invalid("GPTPretrain", "too-many-gpus", Map.of("workers", Map.of("gpusPerWorker", 17)),
                        "spec.workers.gpusPerWorker", "less than or equal to 16"),
                new Invalid("GPTPretrain", "unknown-reclaim-policy", Map.of("checkpoint", Map.of("onDelete", "Keep")),
                        "spec.checkpoint.onDelete", "Unsupported value"),
                new Invalid("GPTPretrain", "bad-volume-size",
                        Map.of("checkpoint", Map.of("volume", Map.of("size", "lots"))),
                        "spec.checkpoint.volume.size", "should match"),
                new Invalid("GPTPretrain", "unknown-pull-policy", Map.of("workers", Map.of("imagePullPolicy", "Sometimes")),
                        "spec.workers.imagePullPolicy", "Unsupported value"),
                new Invalid("GPTPretrain", "collective-timeout-below-a-checkpoint",
                        Map.of("workers", Map.of("collectiveTimeoutSeconds", 5)),
                        "spec.workers.collectiveTimeoutSeconds", "greater than or equal to 30"),
                new Invalid("GPTPretrain", "ttl-beyond-int32", Map.of("ttlSecondsAfterFinished", 3_000_000_000L),
                        "spec.ttlSecondsAfterFinished", "less than or equal to 2147483647"),
                new Invalid("GPTPretrain", "deadline-beyond-int32", Map.of("activeDeadlineSeconds", 3_000_000_000L),
                        "spec.activeDeadlineSeconds", "less than or equal to 2147483647"),
                new Invalid("GPTFinetune", "negative-clip",
                        Map.of("base", base, "task", task, "data", data, "training", Map.of("gradientClip", -1)),
                        "spec.training.gradientClip", "greater than or equal to 0"),
                new Invalid("GPTFinetune", "missing-base", Map.of("task", task, "data", data),
                        "spec.base", "Required value"),
                new Invalid("GPTFinetune", "missing-task-type",
                        Map.of("base", base, "task", Map.of("labels", List.of("a", "b")), "data", data),
                        "spec.task.type", "Required value"),
                new Invalid("GPTFinetune", "unknown-task-type",
                        Map.of("base", base, "task", Map.of("type", "regression"), "data", data),
                        "spec.task.type", "Unsupported value"),
                new Invalid("GPTFinetune", "relative-train-path",
                        Map.of("base", base, "task", task, "data", Map.of("train", "data/train.jsonl")),
                        "spec.data.train", "should match"),
                new Invalid("GPTFinetune", "negative-aux-weight",
                        Map.of("base", base, "task", task, "data", data, "training", Map.of("auxLmWeight", -0.5)),
                        "spec.training.auxLmWeight", "greater than or equal to 0"));
    }

    @ParameterizedTest
    @MethodSource("invalidSpecs")
    void invalidSpecsAreRejectedNamingTheField(Invalid invalid) {
        GenericKubernetesResource resource = generic(invalid.kind(), invalid.name(), invalid.spec());

        assertThatThrownBy(() -> jobs(invalid.kind()).resource(resource).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains(invalid.field()).contains(invalid.problem());
                });
    }

    static Stream<String> jobKinds() {
        return Stream.of("GPTPretrain", "GPTFinetune");
    }

    /** The smallest spec the schema accepts for each kind. */
    static Map<String, Object> validSpec(String kind) {
        return kind.equals("GPTPretrain") ? Map.of() : Map.of("base", Map.of("pretrain", "tiny"),
                "task", Map.of("type", "classification", "labels", List.of("no", "yes")),
                "data", Map.of("train", "/data/train.jsonl"));
    }

    @ParameterizedTest
    @MethodSource("jobKinds")
    void theLongestNameTheOperatorCanDeriveNamesFromIsAccepted(String kind) {
        String longest = "j" + "0".repeat(JobName.MAX_LENGTH - 1);

        GenericKubernetesResource created = jobs(kind).resource(generic(kind, longest, validSpec(kind))).create();

        assertThat(created.getMetadata().getName()).hasSize(51);
        jobs(kind).resource(created).delete();
    }

    @ParameterizedTest
    @MethodSource("jobKinds")
    void aNameOneCharacterTooLongIsRejectedWithTheLimit(String kind) {
        String tooLong = "j" + "0".repeat(JobName.MAX_LENGTH);

        assertThatThrownBy(() -> jobs(kind).resource(generic(kind, tooLong, validSpec(kind))).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("metadata.name").contains("at most 51");
                });
    }

    @ParameterizedTest
    @MethodSource("jobKinds")
    void aNameStartingWithADigitIsRejected(String kind) {
        assertThatThrownBy(() -> jobs(kind).resource(generic(kind, "7-up", validSpec(kind))).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("metadata.name").contains(JobName.PATTERN);
                });
    }

    static NonNamespaceOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> jobs(String kind) {
        return client.genericKubernetesResources(GPTPretrain.GROUP + "/" + GPTPretrain.VERSION, kind)
                .inNamespace(NAMESPACE);
    }

    static NonNamespaceOperation<GPTPretrain, ?, Resource<GPTPretrain>> pretrains() {
        return client.resources(GPTPretrain.class).inNamespace(NAMESPACE);
    }

    static NonNamespaceOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> genericPretrains() {
        return jobs("GPTPretrain");
    }

    static GPTPretrain pretrain(String name, Map<String, Object> spec) {
        return Serialization.unmarshal(Serialization.asJson(genericPretrain(name, spec)), GPTPretrain.class);
    }

    static GenericKubernetesResource genericPretrain(String name, Map<String, Object> spec) {
        return generic("GPTPretrain", name, spec);
    }

    static GenericKubernetesResource generic(String kind, String name, Map<String, Object> spec) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion(GPTPretrain.GROUP + "/" + GPTPretrain.VERSION);
        resource.setKind(kind);
        resource.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
        resource.setAdditionalProperty("spec", spec);
        return resource;
    }

    static GPTJobStatus status(Phase phase) {
        GPTJobStatus status = new GPTJobStatus();
        status.setPhase(phase);
        return status;
    }
}
