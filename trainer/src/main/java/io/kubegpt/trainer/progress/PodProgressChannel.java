package io.kubegpt.trainer.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubegpt.api.v1alpha1.FiniteNumbers;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubegpt.api.trainer.TrainerEnvironment;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rank 0's reports to the operator, inside a pod: the status document is merge-patched into the job's progress
 * ConfigMap (the only object the pod's service account may touch) every few seconds and at the end, and the final
 * status is written to the container's termination message, so it outlives the ConfigMap. Reporting never stops
 * training: a failed patch is logged and the next one is tried.
 */
public final class PodProgressChannel implements ProgressChannel {

    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");
    /** Kubernetes keeps at most this many bytes of a termination message. */
    static final int TERMINATION_MESSAGE_LIMIT = 4096;
    /** Least time between two patches of the ConfigMap unless {@link TrainerEnvironment#PROGRESS_INTERVAL_MS} says. */
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final String namespace;
    private final String configMap;
    private final Path terminationLog;
    private final Duration interval;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "progress-channel");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<String> pending = new AtomicReference<>();
    private long lastUpdate;

    PodProgressChannel(KubernetesClient client, String namespace, String configMap, Path terminationLog,
            Duration interval) {
        this.client = client;
        this.namespace = namespace;
        this.configMap = configMap;
        this.terminationLog = terminationLog;
        this.interval = interval;
    }

    /**
     * Present when the operator named a progress ConfigMap and the process holds credentials for it: the pod's
     * service-account token, or a kubeconfig standing in for it.
     */
    static Optional<ProgressChannel> fromEnvironment(Map<String, String> env) {
        String configMap = env.get(TrainerEnvironment.PROGRESS_CONFIGMAP);
        boolean credentials = Files.isReadable(SERVICE_ACCOUNT_TOKEN) || env.containsKey("KUBECONFIG");
        if (configMap == null || !credentials) {
            return Optional.empty();
        }
        KubernetesClient client = new KubernetesClientBuilder().build();
        String namespace = env.getOrDefault(TrainerEnvironment.NAMESPACE, client.getNamespace());
        String terminationLog = env.get(TrainerEnvironment.TERMINATION_LOG);
        String interval = env.get(TrainerEnvironment.PROGRESS_INTERVAL_MS);
        return Optional.of(new PodProgressChannel(client, namespace, configMap,
                terminationLog == null ? null : Path.of(terminationLog),
                interval == null ? DEFAULT_INTERVAL : Duration.ofMillis(Long.parseLong(interval))));
    }

    @Override
    public void update(GPTJobStatus status) {
        long now = System.nanoTime();
        if (lastUpdate != 0 && now - lastUpdate < interval.toNanos()) {
            return;
        }
        lastUpdate = now;
        if (pending.getAndSet(json(status)) == null) {
            sender.execute(this::sendPending);
        }
    }

    @Override
    public void finish(GPTJobStatus status) {
        String json = json(status);
        pending.set(json);
        sender.execute(this::sendPending);
        sender.shutdown();
        try {
            if (!sender.awaitTermination(30, TimeUnit.SECONDS)) {
                System.err.println("progress: the final report to " + configMap + " did not finish in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeTerminationMessage(status);
        client.close();
    }

    private void sendPending() {
        String json = pending.getAndSet(null);
        if (json == null) {
            return;
        }
        ObjectNode patch = JSON.createObjectNode();
        patch.putObject("data").put(TrainerEnvironment.PROGRESS_KEY, json);
        try {
            client.configMaps().inNamespace(namespace).withName(configMap)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        } catch (KubernetesClientException e) {
            System.err.println("progress: could not patch ConfigMap " + namespace + "/" + configMap + ": "
                    + e.getMessage());
        }
    }

    /** The final status, without the list of kept checkpoints when the whole would not fit the message. */
    private void writeTerminationMessage(GPTJobStatus status) {
        if (terminationLog == null) {
            return;
        }
        String json = json(status);
        if (json.getBytes(StandardCharsets.UTF_8).length > TERMINATION_MESSAGE_LIMIT && status.getCheckpoints() != null) {
            ObjectNode trimmed = JSON.valueToTree(status);
            ((ObjectNode) trimmed.get("checkpoints")).remove("kept");
            json = trimmed.toString();
        }
        try {
            Files.writeString(terminationLog, json);
        } catch (IOException e) {
            System.err.println("progress: could not write " + terminationLog + ": " + e.getMessage());
        }
    }

    private static String json(GPTJobStatus status) {
        try {
            return JSON.writeValueAsString(FiniteNumbers.clear(status));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
