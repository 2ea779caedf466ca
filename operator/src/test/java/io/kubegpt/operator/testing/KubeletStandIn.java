package io.kubegpt.operator.testing;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plays the kubelet for the pods of one namespace: each new pod's container runs as a local process with the pod's
 * command and environment, its volumes standing in as local folders (a claim's folder is shared by every pod that
 * mounts the claim and survives them, as a volume would), {@code MASTER_ADDR} pointing at this machine, and a
 * kubeconfig acting as the pod's service account where the pod mounts its token. The pod's status follows the
 * process: Running once started, then Succeeded or Failed with the exit code and the termination message. Each pod is
 * bound to a node of this stand-in, so deleting it is graceful as on a cluster: the process gets SIGTERM, has the
 * pod's grace period to end before it is killed, its end is written into the status, and only then is the pod
 * removed.
 */
public final class KubeletStandIn implements AutoCloseable {

    private static final String SERVICE_ACCOUNT_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";
    public static final String NODE = "kubelet-stand-in";

    private final KubernetesClient client;
    private final String namespace;
    private final Path root;
    private final Path trainerJar;
    private final Map<String, String> extraEnv;
    private final PodStatusWriter statuses;
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Map<String, Path> logs = new ConcurrentHashMap<>();
    private final ExecutorService terminations = Executors.newCachedThreadPool();
    /** Completes once a process's end is in its pod's status. */
    private final Map<String, CompletableFuture<Void>> ended = new ConcurrentHashMap<>();
    private final SharedIndexInformer<Pod> informer;

    public KubeletStandIn(KubernetesClient client, String namespace, Path root, Path trainerJar,
            Map<String, String> extraEnv) {
        this.client = client;
        this.namespace = namespace;
        this.root = root;
        this.trainerJar = trainerJar;
        this.extraEnv = extraEnv;
        this.statuses = new PodStatusWriter(client);
        this.informer = client.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (pod.getStatus() == null || pod.getStatus().getStartTime() == null) {
                    start(pod);
                }
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                if (after.getMetadata().getDeletionTimestamp() != null
                        && before.getMetadata().getDeletionTimestamp() == null) {
                    terminations.execute(() -> terminate(after));
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                Process process = processes.remove(key(pod));
                if (process != null) {
                    process.destroyForcibly();
                }
            }
        });
    }

    /** The folder standing in for a claim. */
    public Path claim(String claimName) {
        return root.resolve("claims").resolve(claimName);
    }

    /** Kills the process of a pod, as an out-of-memory kill or a lost node would. */
    public void kill(String podName) {
        processes.entrySet().stream().filter(entry -> entry.getKey().startsWith(podName + "/"))
                .forEach(entry -> entry.getValue().destroyForcibly());
    }

    /** The console output of every process a pod of that name ran, oldest first. */
    public List<String> logs(String podName) {
        return logs.entrySet().stream().filter(entry -> entry.getKey().startsWith(podName + "/"))
                .map(Map.Entry::getValue).sorted(Comparator.comparing(KubeletStandIn::modified)).map(log -> {
                    try {
                        return Files.readString(log);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).toList();
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getName() + "/" + pod.getMetadata().getUid();
    }

    private void start(Pod pod) {
        String key = key(pod);
        if (processes.containsKey(key)) {
            return;
        }
        try {
            client.bindings().inNamespace(namespace).resource(new BindingBuilder().withNewMetadata()
                    .withName(pod.getMetadata().getName()).endMetadata().withNewTarget().withKind("Node")
                    .withName(NODE).endTarget().build()).create();
            Path podDir = Files.createDirectories(root.resolve("pods").resolve(key.replace('/', '-')));
            Container container = pod.getSpec().getContainers().get(0);
            Map<String, String> paths = paths(pod, container, podDir);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(container.getArgs().stream().map(arg -> rewrite(arg, paths)).toList());
            ProcessBuilder builder = new ProcessBuilder(command).directory(podDir.toFile()).redirectErrorStream(true);
            Path log = podDir.resolve("console.log");
            builder.redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.remove("KUBECONFIG");
            for (EnvVar var : container.getEnv()) {
                env.put(var.getName(), var.getValueFrom() != null ? secretValue(namespace, var)
                        : rewrite(var.getValue(), paths));
            }
            env.put("MASTER_ADDR", "127.0.0.1");
            env.putAll(extraEnv);
            if (Boolean.TRUE.equals(pod.getSpec().getAutomountServiceAccountToken())) {
                Path kubeConfig = podDir.resolve("kubeconfig");
                Files.writeString(kubeConfig, ServiceAccountCredentials.kubeConfig(namespace,
                        pod.getSpec().getServiceAccountName()));
                env.put("KUBECONFIG", kubeConfig.toString());
            }
            Process process = builder.start();
            processes.put(key, process);
            logs.put(key, log);
            statuses.running(pod);
            ended.put(key, process.onExit().thenAccept(exited -> ended(pod, key, exited,
                    paths.get(container.getTerminationMessagePath()), log)));
        } catch (IOException | KubernetesClientException e) {
            throw new IllegalStateException("could not start " + key, e);
        }
    }

    /** A variable read from a Secret's key, as the kubelet reads it when it starts the container. */
    private String secretValue(String namespace, EnvVar var) {
        SecretKeySelector ref = var.getValueFrom().getSecretKeyRef();
        Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).require();
        return new String(Base64.getDecoder().decode(secret.getData().get(ref.getKey())), StandardCharsets.UTF_8);
    }

    private void ended(Pod pod, String key, Process process, String terminationLog, Path log) {
        if (processes.remove(key) == null) {
            return;
        }
        try {
            String message = readUpTo4k(Path.of(terminationLog));
            if (message.isBlank() && process.exitValue() != 0) {
                message = tail(log);
            }
            statuses.terminated(pod, process.exitValue(), message);
        } catch (KubernetesClientException e) {
            // the pod was deleted meanwhile
        }
    }

    /** As the kubelet ends a pod being deleted: SIGTERM, the grace period, SIGKILL, the end in the status, gone. */
    private void terminate(Pod pod) {
        Process process = processes.get(key(pod));
        if (process != null) {
            process.destroy();
            Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
            try {
                if (!process.waitFor(grace == null ? 30 : grace, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                process.onExit().get(30, TimeUnit.SECONDS);
                ended.get(key(pod)).get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("pod " + key(pod) + " did not end", e);
            }
        }
        try {
            client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            // gone already
        }
    }

    /** Pod paths to local ones: each mount, the termination message and the trainer jar. */
    private Map<String, String> paths(Pod pod, Container container, Path podDir) throws IOException {
        Map<String, String> paths = new LinkedHashMap<>();
        Map<String, Volume> volumes = new LinkedHashMap<>();
        pod.getSpec().getVolumes().forEach(volume -> volumes.put(volume.getName(), volume));
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = volumes.get(mount.getName());
            Path local;
            if (volume.getPersistentVolumeClaim() != null) {
                local = claim(volume.getPersistentVolumeClaim().getClaimName());
            } else if (volume.getConfigMap() != null) {
                local = podDir.resolve("volumes").resolve(mount.getName());
                ConfigMap configMap = client.configMaps().inNamespace(namespace)
                        .withName(volume.getConfigMap().getName()).get();
                Files.createDirectories(local);
                for (Map.Entry<String, String> file : configMap.getData().entrySet()) {
                    Files.writeString(local.resolve(file.getKey()), file.getValue());
                }
            } else {
                local = podDir.resolve("volumes").resolve(mount.getName());
            }
            Files.createDirectories(local);
            paths.put(mount.getMountPath(), local.toString());
        }
        paths.put(SERVICE_ACCOUNT_MOUNT, podDir.resolve("serviceaccount").toString());
        Path terminationLog = podDir.resolve("termination-log");
        Files.writeString(terminationLog, "");
        paths.put(container.getTerminationMessagePath(), terminationLog.toString());
        paths.put("/app/kubegpt-trainer.jar", trainerJar.toString());
        return paths;
    }

    /** Rewrites every word of a command line or an environment value, and the value of each {@code -Dkey=value}. */
    private static String rewrite(String value, Map<String, String> paths) {
        if (value == null) {
            return null;
        }
        List<String> words = new ArrayList<>();
        for (String word : value.split(" ", -1)) {
            int equals = word.indexOf('=');
            words.add(equals < 0 ? local(word, paths) : word.substring(0, equals + 1)
                    + local(word.substring(equals + 1), paths));
        }
        return String.join(" ", words);
    }

    private static String local(String path, Map<String, String> paths) {
        for (Map.Entry<String, String> mapping : paths.entrySet()) {
            String podPath = mapping.getKey();
            if (path.equals(podPath) || path.startsWith(podPath + "/")) {
                return mapping.getValue() + path.substring(podPath.length());
            }
        }
        return path;
    }

    private static String readUpTo4k(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** What the kubelet's FallbackToLogsOnError takes: the log's last 80 lines, at most its last 2048 bytes. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            byte[] last = String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()))
                    .getBytes(StandardCharsets.UTF_8);
            return new String(last, Math.max(0, last.length - 2048), Math.min(last.length, 2048), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        informer.close();
        terminations.shutdownNow();
        processes.values().forEach(Process::destroyForcibly);
    }
}
