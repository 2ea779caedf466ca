package io.kubegpt.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Test jobs built from the examples the users apply. */
public final class Jobs {

    public static final Path EXAMPLES = Path.of("..", "examples");

    private Jobs() {
    }

    /** {@code examples/pretrain-tiny-cpu.yaml} under another name. */
    public static GPTPretrain tiny(String name) {
        try (InputStream in = Files.newInputStream(EXAMPLES.resolve("pretrain-tiny-cpu.yaml"))) {
            GPTPretrain job = Serialization.unmarshal(in, GPTPretrain.class);
            job.getMetadata().setName(name);
            return job;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The tiny example shrunk to one narrow layer on a byte-sized vocabulary, {@code steps} steps of 4 sequences per
     * worker: what the end-to-end tiers train, in seconds. Without the example's zero-shot task, whose story endings
     * do not fit a context of 16 bytes.
     */
    public static GPTPretrain small(String name, int workers, long steps) {
        GPTPretrain tiny = tiny(name);
        tiny.getSpec().getEvaluation().setZeroShot(null);
        return with(tiny, Map.ofEntries(
                Map.entry("model.layers", 1), Map.entry("model.dModel", 32), Map.entry("model.heads", 2),
                Map.entry("model.ffn", 64), Map.entry("model.context", 16), Map.entry("tokenizer.vocabSize", 260),
                Map.entry("training.steps", steps), Map.entry("training.batchSize", 4 * workers),
                Map.entry("training.warmupSteps", 3), Map.entry("evaluation.batches", 1),
                Map.entry("workers.replicas", workers)));
    }

    /** {@code examples/finetune-classification.yaml} under another name, on the GPTPretrain {@code base}. */
    public static GPTFinetune classification(String name, String base) {
        try (InputStream in = Files.newInputStream(EXAMPLES.resolve("finetune-classification.yaml"))) {
            GPTFinetune job = Serialization.unmarshal(in, GPTFinetune.class);
            job.getMetadata().setName(name);
            job.getSpec().getBase().setPretrain(base);
            return job;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The job with spec fields set as the trainer's {@code --set path=value} sets them, e.g.
     * {@code training.steps -> 60}.
     */
    public static GPTPretrain with(GPTPretrain job, Map<String, Object> overrides) {
        return withOverrides(job, overrides);
    }

    public static GPTFinetune with(GPTFinetune job, Map<String, Object> overrides) {
        return withOverrides(job, overrides);
    }

    @SuppressWarnings("unchecked")
    private static <J> J withOverrides(J job, Map<String, Object> overrides) {
        ObjectNode tree = Serialization.jsonMapper().valueToTree(job);
        overrides.forEach((path, value) -> {
            String[] fields = path.split("\\.");
            ObjectNode node = (ObjectNode) tree.get("spec");
            for (int i = 0; i < fields.length - 1; i++) {
                node = node.has(fields[i]) ? (ObjectNode) node.get(fields[i]) : node.putObject(fields[i]);
            }
            node.set(fields[fields.length - 1], Serialization.jsonMapper().valueToTree(value));
        });
        return (J) Serialization.jsonMapper().convertValue(tree, job.getClass());
    }

    /** Waits for a run folder's first checkpoint and returns the step of the latest one at that moment. */
    public static long awaitCheckpoint(Path runFolder, Duration timeout) {
        Path latest = runFolder.resolve(RunLayout.CHECKPOINTS).resolve(RunLayout.LATEST);
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> Files.exists(latest));
        return latestCheckpoint(runFolder);
    }

    /** The step of the checkpoint that a run folder's {@code checkpoints/latest} names. */
    public static long latestCheckpoint(Path runFolder) {
        try {
            String folder = Path.of(Files.readString(runFolder.resolve(RunLayout.CHECKPOINTS)
                    .resolve(RunLayout.LATEST)).strip()).getFileName().toString();
            return Long.parseLong(folder.substring(RunLayout.CHECKPOINT_PREFIX.length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The job's status once {@code condition} holds. */
    public static GPTJobStatus awaitStatus(KubernetesClient client, String namespace, String name,
            Predicate<GPTJobStatus> condition, Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            GPTPretrain job = client.resources(GPTPretrain.class).inNamespace(namespace).withName(name).get();
            return job == null ? null : job.getStatus();
        }, status -> status != null && condition.test(status));
    }

    /** The trainer container's variables; one read from a Secret as {@code secret <name>/<key>}. */
    public static Map<String, String> env(Pod pod) {
        return pod.getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, env -> env.getValue() != null ? env.getValue()
                        : "secret " + env.getValueFrom().getSecretKeyRef().getName() + "/"
                        + env.getValueFrom().getSecretKeyRef().getKey()));
    }
}
