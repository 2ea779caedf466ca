package io.kubegpt.operator.node;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.kubegpt.operator.testing.Helm;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.opentest4j.TestAbortedException;

/**
 * A real one-node Kubernetes cluster on this machine, for all tests of the JVM: {@code tools/node/cluster.sh up}
 * starts etcd, kube-apiserver, kube-controller-manager, kube-scheduler, containerd, the kubelet, kube-proxy and
 * cluster DNS; the images the build made with {@code -Pimages} are imported into containerd; and the chart is
 * installed with Helm, so the operator runs as a pod. The steps are those of README.md's first cluster job. Where
 * the machine cannot run a node (not root, no {@code ../shared/k8s-testenv}) or the images were not built, the tier
 * says what it lacks and steps aside, except under CI, where that fails. {@code cluster.sh down} stops everything it
 * started when the JVM ends.
 */
public final class RealNode {

    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path CLUSTER = ROOT.resolve("tools/node/cluster.sh");
    static final Path STATE = Path.of(System.getProperty("kubegpt.node.state", "/tmp/kubegpt-node"));
    static final List<Path> IMAGES = List.of(ROOT.resolve("target/images/kubegpt-trainer.tar"),
            ROOT.resolve("target/images/kubegpt-operator.tar"));
    /** containerd's socket, where cluster.sh puts it. */
    static final String CONTAINERD = "/run/kubegpt-node/containerd.sock";
    public static final String OPERATOR_NAMESPACE = "kubegpt-system";
    /** The exit code of cluster.sh when this machine cannot run a node. */
    static final int CANNOT_RUN_HERE = 3;

    private static RealNode instance;
    private static String unavailable;

    private final Path kubeConfig;
    private final KubernetesClient client;
    private final AtomicInteger namespaces = new AtomicInteger();

    private RealNode() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> run(Duration.ofMinutes(2), "bash", CLUSTER.toString(),
                "down", STATE.toString())));
        run(Duration.ofMinutes(2), "bash", CLUSTER.toString(), "down", STATE.toString());
        Result up = run(Duration.ofMinutes(8), "bash", CLUSTER.toString(), "up", STATE.toString());
        if (up.exitCode() == CANNOT_RUN_HERE) {
            throw stepAside(up.output().strip());
        }
        check(up, "cluster.sh up");
        List<String> importArgs = new ArrayList<>(List.of("bash", CLUSTER.toString(), "import"));
        IMAGES.forEach(image -> importArgs.add(image.toString()));
        check(run(Duration.ofMinutes(5), importArgs.toArray(String[]::new)), "cluster.sh import");
        kubeConfig = STATE.resolve("admin.kubeconfig");
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(read(kubeConfig)))
                .withHttpClientFactory(new ConnectionPerRequest()).build();
        Helm.Result install = helm("install", "kubegpt", Helm.CHART.toString(), "--namespace", OPERATOR_NAMESPACE,
                "--create-namespace", "--wait", "--timeout", "100s");
        if (install.exitCode() != 0) {
            throw new IllegalStateException("helm install failed:\n" + install.stdout() + install.stderr()
                    + kubectl("-n", OPERATOR_NAMESPACE, "describe", "pods").stdout());
        }
    }

    /**
     * A new connection for each request. Vert.x can hand out a pooled connection that the API server has just
     * closed (after a proxied log stream ends, for one), and Fabric8 retries only IOExceptions, not the
     * HttpClosedException that follows (fabric8io/kubernetes-client#7450): one poll among thousands failed a test.
     * The tests poll a few times a second, so a handshake per request costs nothing here.
     */
    private static final class ConnectionPerRequest extends VertxHttpClientFactory {
        @Override
        protected void additionalConfig(WebClientOptions options) {
            options.setKeepAlive(false);
        }
    }

    /** The node, started on first use; aborts the calling test where this machine cannot run one. */
    public static synchronized RealNode get() {
        if (unavailable != null) {
            throw stepAside(unavailable);
        }
        if (instance == null) {
            List<Path> missing = IMAGES.stream().filter(image -> !Files.exists(image)).toList();
            if (!missing.isEmpty()) {
                unavailable = "the images " + missing + " are missing: build them with `mvn -B package -DskipTests "
                        + "-Pimages` (the real-node tier runs with `mvn -B verify -Pimages,node`)";
                throw stepAside(unavailable);
            }
            try {
                instance = new RealNode();
            } catch (TestAbortedException e) {
                unavailable = e.getMessage();
                throw e;
            }
        }
        return instance;
    }

    private static RuntimeException stepAside(String why) {
        if ("true".equals(System.getenv("CI"))) {
            return new IllegalStateException("the real-node tier must run under CI: " + why);
        }
        return new TestAbortedException("the real-node tier steps aside: " + why);
    }

    /** An admin client; shared, so never close it. */
    public KubernetesClient client() {
        return client;
    }

    public String newNamespace(String prefix) {
        String name = prefix + "-" + namespaces.incrementAndGet();
        client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.serviceAccounts().inNamespace(name)
                .withName("default").get() != null);
        return name;
    }

    public Helm.Result kubectl(String... args) {
        return Helm.kubectl(null, withKubeConfig(args));
    }

    public Helm.Result helm(String... args) {
        return Helm.helm(withKubeConfig(args));
    }

    private String[] withKubeConfig(String... args) {
        List<String> all = new ArrayList<>(List.of("--kubeconfig=" + kubeConfig));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** The environment under which README's commands reach this cluster: KUBECONFIG, and helm and kubectl on PATH. */
    public Map<String, String> shellEnvironment() {
        String path = Helm.binary("helm").toAbsolutePath().getParent() + ":"
                + Helm.binary("kubectl").toAbsolutePath().getParent() + ":"
                + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Map.of("KUBECONFIG", kubeConfig.toString(), "PATH", path);
    }

    /** Kills the pod's first container as the kernel's OOM killer would: SIGKILL, through containerd. */
    public void killContainer(Pod pod) {
        String id = pod.getStatus().getContainerStatuses().get(0).getContainerID().replaceFirst("^containerd://", "");
        check(run(Duration.ofSeconds(30), "ctr", "--address", CONTAINERD, "-n", "k8s.io", "tasks", "kill", "-s",
                "SIGKILL", id), "ctr tasks kill");
    }

    /** The folder on this machine behind a bound claim: the hostPath volume cluster.sh provisioned for it. */
    public Path claimFolder(String namespace, String claim) {
        PersistentVolumeClaim bound = await().atMost(Duration.ofSeconds(60)).until(() -> client
                .persistentVolumeClaims().inNamespace(namespace).withName(claim).get(), c -> c != null
                && "Bound".equals(c.getStatus().getPhase()));
        PersistentVolume volume = client.persistentVolumes().withName(bound.getSpec().getVolumeName()).get();
        return Path.of(volume.getSpec().getHostPath().getPath());
    }

    /** The bash script run from the repository root with {@link #shellEnvironment()}; its exit code and output. */
    public Result shell(String script, Duration timeout) {
        return run(timeout, shellEnvironment(), "bash", "-euo", "pipefail", "-c", script);
    }

    public record Result(int exitCode, String output) {
    }

    static Result run(Duration timeout, String... command) {
        return run(timeout, Map.of(), command);
    }

    private static Result run(Duration timeout, Map<String, String> environment, String... command) {
        try {
            Path out = Files.createTempFile("kubegpt-node", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean finished = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor();
            }
            String output = Files.readString(out);
            Files.delete(out);
            return new Result(finished ? process.exitValue() : 124, finished ? output
                    : output + "\n(killed after " + timeout.toSeconds() + " s)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void check(Result result, String what) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException(what + " exited with " + result.exitCode() + ":\n" + result.output());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
