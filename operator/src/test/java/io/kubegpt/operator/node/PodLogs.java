package io.kubegpt.operator.node;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.kubegpt.operator.dependent.TrainingJob;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The logs of every pod a job runs, kept after the pod is gone: a restarted gang's pods keep their names, so the
 * logs of the first attempt exist only where they were followed while it ran. Each pod's container is followed
 * from its start, through the kubelet, as {@code kubectl logs -f} does.
 */
final class PodLogs implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final String job;
    private final Map<String, Followed> byUid = new LinkedHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();

    private record Followed(String pod, ByteArrayOutputStream text, LogWatch watch) {
    }

    PodLogs(KubernetesClient client, String namespace, String job) {
        this.client = client;
        this.namespace = namespace;
        this.job = job;
        poller.scheduleWithFixedDelay(this::followNewPods, 0, 300, TimeUnit.MILLISECONDS);
    }

    /** A failed list is tried again on the next tick: an exception would end the schedule without a word. */
    private synchronized void followNewPods() {
        List<Pod> pods;
        try {
            pods = client.pods().inNamespace(namespace).withLabel(TrainingJob.JOB_LABEL, job).list().getItems();
        } catch (KubernetesClientException e) {
            return;
        }
        for (Pod pod : pods) {
            String uid = pod.getMetadata().getUid();
            boolean started = pod.getStatus().getContainerStatuses() != null && pod.getStatus().getContainerStatuses()
                    .stream().anyMatch(c -> c.getState().getRunning() != null || c.getState().getTerminated() != null);
            if (started && !byUid.containsKey(uid)) {
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                LogWatch watch = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName())
                        .watchLog(text);
                byUid.put(uid, new Followed(pod.getMetadata().getName(), text, watch));
            }
        }
    }

    /** The logs of each run of the pod of this name, oldest first. */
    synchronized List<String> of(String pod) {
        List<String> runs = new ArrayList<>();
        byUid.values().stream().filter(f -> f.pod().equals(pod))
                .forEach(f -> runs.add(f.text().toString(StandardCharsets.UTF_8)));
        return runs;
    }

    @Override
    public synchronized void close() {
        poller.shutdownNow();
        byUid.values().forEach(f -> f.watch().close());
    }
}
