package io.kubegpt.operator.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Kueue's API on the test cluster, and Kueue's part played by the test: {@code ../shared/kueue} holds Kueue's CRDs
 * made installable on the 1.20.2 server and the Workload statuses Kueue writes (admission, eviction), applied here as
 * Kueue applies them: server-side on {@code /status}, field manager {@code kueue-admission}, forced, the whole list
 * of conditions each time.
 */
public final class Kueue {

    public static final Path HOME = Path.of("..", "..", "shared", "kueue").toAbsolutePath().normalize();
    public static final String API_VERSION = "kueue.x-k8s.io/v1beta2";
    public static final String FIELD_MANAGER = "kueue-admission";
    private static boolean installed;

    private Kueue() {
    }

    /** Installs Kueue's CRDs once; skips the calling test where they are not at hand. */
    public static synchronized void install() {
        Path crds = HOME.resolve("crds").resolve("k8s-1.20");
        Assumptions.assumeTrue(Files.isDirectory(crds), crds + " is absent: the Kueue integration's tests on the API "
                + "server are skipped (they need Kueue's CRDs made installable on Kubernetes 1.20)");
        if (installed) {
            return;
        }
        KubernetesClient client = TestCluster.get().client();
        try (Stream<Path> files = Files.list(crds)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in)
                            .item();
                    try {
                        client.resource(crd).create();
                    } catch (KubernetesClientException e) {
                        if (e.getCode() != 409) {
                            throw e;
                        }
                    }
                    client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                            .waitUntilCondition(c -> c != null && c.getStatus() != null
                                    && c.getStatus().getConditions() != null && c.getStatus().getConditions().stream()
                                    .anyMatch(s -> "Established".equals(s.getType()) && "True".equals(s.getStatus())),
                                    60, TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        installed = true;
    }

    /** One of the examples, as a generic object. */
    public static GenericKubernetesResource example(String file) {
        try (InputStream in = Files.newInputStream(HOME.resolve("examples").resolve(file))) {
            return Serialization.unmarshal(in, GenericKubernetesResource.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static GenericKubernetesResource workload(KubernetesClient client, String namespace, String name) {
        return client.genericKubernetesResources(API_VERSION, "Workload").inNamespace(namespace).withName(name).get();
    }

    /** A ResourceFlavor with node labels and one toleration, as a platform team defines a GPU pool. */
    public static void flavour(KubernetesClient client, String name, Map<String, String> nodeLabels,
            Map<String, Object> toleration) {
        GenericKubernetesResource flavour = new GenericKubernetesResource();
        flavour.setApiVersion(API_VERSION);
        flavour.setKind("ResourceFlavor");
        flavour.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
        flavour.setAdditionalProperty("spec", Map.of("nodeLabels", nodeLabels, "tolerations", List.of(toleration)));
        client.resource(flavour).createOr(existing -> existing.update());
    }

    /** A LocalQueue in a namespace. */
    public static void localQueue(KubernetesClient client, String namespace, String name, String clusterQueue) {
        GenericKubernetesResource queue = example("03-localqueue-v1beta2.yaml");
        queue.getMetadata().setName(name);
        queue.getMetadata().setNamespace(namespace);
        queue.setAdditionalProperty("spec", Map.of("clusterQueue", clusterQueue));
        client.resource(queue).create();
    }

    /** As Kueue's scheduler finds no room: QuotaReserved False, Pending, with why. */
    public static void pending(KubernetesClient client, String namespace, String workload, String message) {
        GenericKubernetesResource status = example("07-workload-v1beta2-evicted-clear-admission.apply.yaml");
        Map<String, Object> condition = Map.of("type", "QuotaReserved", "status", "False", "reason", "Pending",
                "message", message, "observedGeneration", 1, "lastTransitionTime", "2026-01-01T00:00:00Z");
        status.setAdditionalProperty("status", Map.of("conditions", List.of(condition)));
        apply(client, status, namespace, workload);
    }

    /** As Kueue admits a Workload: example 05, every pod set's resources in {@code flavour}. */
    public static void admit(KubernetesClient client, String namespace, String workload, String flavour) {
        apply(client, withFlavour(example("05-workload-v1beta2-admit.apply.yaml"), flavour), namespace, workload);
    }

    /** As Kueue evicts an admitted Workload: example 06 (preempted), or with another reason and message. */
    @SuppressWarnings("unchecked")
    public static void evict(KubernetesClient client, String namespace, String workload, String flavour,
            String reason, String message) {
        GenericKubernetesResource evicted = withFlavour(example("06-workload-v1beta2-evict.apply.yaml"), flavour);
        Map<String, Object> status = (Map<String, Object>) evicted.getAdditionalProperties().get("status");
        for (Map<String, Object> condition : (List<Map<String, Object>>) status.get("conditions")) {
            if ("Evicted".equals(condition.get("type"))) {
                condition.put("reason", reason);
                condition.put("message", message);
            }
        }
        apply(client, evicted, namespace, workload);
    }

    /** What example 06 says a preemption's message is. */
    @SuppressWarnings("unchecked")
    public static String preemptionMessage() {
        Map<String, Object> status = (Map<String, Object>) example("06-workload-v1beta2-evict.apply.yaml")
                .getAdditionalProperties().get("status");
        return ((List<Map<String, Object>>) status.get("conditions")).stream()
                .filter(c -> "Evicted".equals(c.get("type"))).findFirst().orElseThrow().get("message").toString();
    }

    @SuppressWarnings("unchecked")
    private static GenericKubernetesResource withFlavour(GenericKubernetesResource object, String flavour) {
        Map<String, Object> status = (Map<String, Object>) object.getAdditionalProperties().get("status");
        Map<String, Object> admission = (Map<String, Object>) status.get("admission");
        for (Map<String, Object> assignment : (List<Map<String, Object>>) admission.get("podSetAssignments")) {
            Map<String, Object> flavours = (Map<String, Object>) assignment.get("flavors");
            flavours.replaceAll((resource, name) -> flavour);
        }
        return object;
    }

    private static void apply(KubernetesClient client, GenericKubernetesResource status, String namespace,
            String workload) {
        status.getMetadata().setName(workload);
        status.getMetadata().setNamespace(namespace);
        client.genericKubernetesResources(API_VERSION, "Workload").inNamespace(namespace).resource(status)
                .subresource("status").patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
                        .withFieldManager(FIELD_MANAGER).withForce(true).build());
    }
}
