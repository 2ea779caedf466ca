package io.kubegpt.operator.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One real kube-apiserver for all tests of the JVM, with the committed CRDs installed, and kube-controller-manager's
 * garbage collector and disruption controller (PodDisruptionBudget status) when {@code $KUBE_API_TEST_DIR} holds its
 * binary. Each test class works in namespaces of its own.
 */
public final class TestCluster {

    private static final List<String> CRDS = List.of("gptpretrains.kubegpt.io-v1.yml", "gptfinetunes.kubegpt.io-v1.yml");
    private static TestCluster instance;

    private final KubeAPIServer server;
    private final String kubeConfigYaml;
    private final KubernetesClient client;
    private final Process controllerManager;
    private final AtomicInteger namespaces = new AtomicInteger();

    private TestCluster() {
        server = new KubeAPIServer();
        server.start();
        kubeConfigYaml = server.getKubeConfigYaml();
        client = newClient();
        installCrds();
        controllerManager = startControllerManager().orElse(null);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
    }

    public static synchronized TestCluster get() {
        if (instance == null) {
            instance = new TestCluster();
        }
        return instance;
    }

    /** An admin client; shared, so never close it. */
    public KubernetesClient client() {
        return client;
    }

    /** A new admin client, for code that closes its client. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build();
    }

    public String kubeConfigYaml() {
        return kubeConfigYaml;
    }

    public String newNamespace(String prefix) {
        return namespace(prefix + "-" + namespaces.incrementAndGet());
    }

    public String namespace(String name) {
        client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    /** Whether owner references are followed on deletion: kube-controller-manager runs. */
    public boolean garbageCollects() {
        return controllerManager != null && controllerManager.isAlive();
    }

    /** Whether PodDisruptionBudgets get a status, which evictions are checked against: kube-controller-manager runs. */
    public boolean computesDisruptionBudgets() {
        return garbageCollects();
    }

    private void installCrds() {
        for (String file : CRDS) {
            try (InputStream in = TestCluster.class.getResourceAsStream("/META-INF/kubegpt/crds/" + file)) {
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                client.resource(crd).create();
                client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                        .waitUntilCondition(TestCluster::established, 30, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private Optional<Process> startControllerManager() {
        Optional<Path> binary = controllerManagerBinary();
        if (binary.isEmpty()) {
            System.err.println("kube-controller-manager not found under $KUBE_API_TEST_DIR/k8s: "
                    + "garbage-collection and disruption-budget tests are skipped");
            return Optional.empty();
        }
        try {
            Path kubeConfig = Files.createTempFile("kubegpt-kcm", ".yaml");
            Files.writeString(kubeConfig, kubeConfigYaml);
            Path log = Files.createTempFile("kubegpt-kcm", ".log");
            Process process = new ProcessBuilder(binary.get().toString(), "--kubeconfig=" + kubeConfig,
                    "--controllers=garbagecollector,namespace,disruption", "--leader-elect=false", "--secure-port=0",
                    "--port=0")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return Optional.of(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> controllerManagerBinary() {
        String dir = System.getenv("KUBE_API_TEST_DIR");
        Path root = Path.of(dir != null ? dir : System.getProperty("user.home") + "/.kube-api-test", "k8s");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("kube-controller-manager")).filter(Files::isExecutable)
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stop() {
        if (controllerManager != null) {
            controllerManager.destroy();
        }
        client.close();
        server.stop();
    }
}
