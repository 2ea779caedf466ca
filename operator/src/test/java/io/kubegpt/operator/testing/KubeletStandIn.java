package io.kubegpt.operator.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Plays the kubelet for the pods of one namespace: each new pod's container runs as a local process with the pod's
 * command and environment, its volumes standing in as local folders (a claim's folder is shared by every pod that
 * mounts the claim and survives them, as a volume would), {@code MASTER_ADDR} pointing at this machine, and a
 * kubeconfig acting as the pod's service account where the pod mounts its token. The pod's status follows the
 * process: Running once started, then Succeeded or Failed with the exit code and the termination message. Deleting
 * the pod kills the process.
 */
public final class KubeletStandIn implements AutoCloseable {

    private static final String SERVICE_ACCOUNT_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

    private final KubernetesClient client;
    private final String namespace;
    private final Path root;
    private final Path trainerJar;
    private final Map<String, String> extraEnv;
    private final PodStatusWriter statuses;
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Map<String, Path> logs = new ConcurrentHashMap<>();
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
                if (after.getMetadata().getDeletionTimestamp() != null) {
                    stop(after);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                stop(pod);
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

    private void start(Pod pod) {
        String key = pod.getMetadata().getName() + "/" + pod.getMetadata().getUid();
        if (processes.containsKey(key)) {
            return;
        }
        try {
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
                env.put(var.getName(), rewrite(var.getValue(), paths));
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
            process.onExit().thenAccept(ended -> ended(pod, key, ended, paths.get(container.getTerminationMessagePath()),
                    log));
        } catch (IOException | KubernetesClientException e) {
            throw new IllegalStateException("could not start " + key, e);
        }
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

    private void stop(Pod pod) {
        String key = pod.getMetadata().getName() + "/" + pod.getMetadata().getUid();
        Process process = processes.remove(key);
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
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
        processes.values().forEach(Process::destroyForcibly);
    }
}
