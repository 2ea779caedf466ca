package io.kubegpt.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.kubegpt.api.trainer.CudaTargets;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.operator.dependent.DisruptionBudgetApi;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.testing.Helm;
import io.kubegpt.operator.testing.PodStatusWriter;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.Kueue;
import io.kubegpt.operator.testing.RunningOperator;
import io.kubegpt.operator.testing.ServiceAccountCredentials;
import io.kubegpt.operator.testing.TestCluster;
import io.kubegpt.operator.testing.TestSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart as a cluster sees it: lint, rendering with default and other values, the values schema, a server-side
 * dry run of the rendered objects on a real API server, and the operator reconciling with the chart's RBAC alone.
 */
class ChartTest {

    @TempDir
    Path dir;

    @Test
    void lintPasses() {
        Helm.Result lint = Helm.helm("lint", Helm.CHART.toString());

        assertThat(lint.exitCode()).as(lint.stdout() + lint.stderr()).isZero();
    }

    @Test
    void defaultsRenderASecureOperatorWatchingAllNamespaces() {
        List<HasMetadata> objects = render("kubegpt", "kubegpt");

        assertThat(kinds(objects)).as("no Kueue rights by default").containsExactlyInAnyOrder("ServiceAccount",
                "ClusterRole", "ClusterRoleBinding",
                "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Service", "Deployment");
        Deployment deployment = one(objects, Deployment.class);
        Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(operator.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
        assertThat(operator.getImage()).isEqualTo("ghcr.io/kubegpt/kubegpt-operator:0.1.0");
        assertThat(env(operator)).containsEntry("KUBEGPT_TRAINER_IMAGE", "ghcr.io/kubegpt/kubegpt-trainer:0.1.0")
                .containsEntry("KUBEGPT_NETWORK_POLICY", "true").doesNotContainKey("KUBEGPT_NAMESPACES")
                .containsEntry("KUBEGPT_GPU_MAX_COMPUTE_MAJOR", Integer.toString(CudaTargets.HIGHEST_MAJOR));
        assertThat(rules(clusterRole(objects, "kubegpt"))).contains("policy/poddisruptionbudgets",
                "networking.k8s.io/networkpolicies").doesNotContain("/nodes");
        ClusterRole nodes = clusterRole(objects, "kubegpt-nodes");
        assertThat(rules(nodes)).containsExactly("/nodes");
        assertThat(nodes.getRules().get(0).getVerbs()).containsExactly("get");
    }

    @Test
    void withoutNetworkPoliciesTheOperatorGetsNoRightsOnThem() {
        List<HasMetadata> objects = render("kubegpt", "kubegpt", "--set", "networkPolicy.enabled=false");

        assertThat(env(one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)))
                .containsEntry("KUBEGPT_NETWORK_POLICY", "false");
        assertThat(rules(clusterRole(objects, "kubegpt"))).contains("policy/poddisruptionbudgets")
                .doesNotContain("networking.k8s.io/networkpolicies");
    }

    @Test
    void theGpuComputeMajorLimitIsAValueAndZeroOrEmptyTurnsItOff() {
        for (Map.Entry<String, String> value : Map.of("9", "9", "0", "0", "", "0").entrySet()) {
            List<HasMetadata> objects = render("kubegpt", "kubegpt", "--set",
                    "trainer.gpuMaxComputeMajor=" + value.getKey());

            assertThat(env(one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)))
                    .as(value.getKey()).containsEntry("KUBEGPT_GPU_MAX_COMPUTE_MAJOR", value.getValue());
        }
    }

    @Test
    void watchedNamespacesGetRoleBindingsAndAServiceMonitorWhenAsked() {
        List<HasMetadata> objects = render("ops", "kubegpt", "--set", "watchNamespaces={team-a,team-b}",
                "--set", "metrics.serviceMonitor.enabled=true", "--set", "replicas=2", "--set", "logLevel=DEBUG");

        assertThat(objects.stream().filter(o -> o.getKind().equals("ClusterRoleBinding")).map(o -> o.getMetadata()
                .getName())).as("only reading nodes is cluster-wide").containsExactly("kubegpt-nodes");
        assertThat(kinds(objects)).contains("ServiceMonitor");
        assertThat(objects.stream().filter(o -> o.getKind().equals("RoleBinding")).map(o -> o.getMetadata().getNamespace()))
                .containsExactlyInAnyOrder("team-a", "team-b", "ops");
        Deployment deployment = one(objects, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0)))
                .containsEntry("KUBEGPT_NAMESPACES", "team-a,team-b").containsEntry("QUARKUS_LOG_LEVEL", "DEBUG");
    }

    @Test
    void theValuesSchemaRejectsBadValuesByName() {
        assertRejected("replicas", "--set", "replicas=-1");
        assertRejected("logLevel", "--set", "logLevel=LOUD");
        assertRejected("watchNamespaces", "--set", "watchNamespaces={Not_A_Namespace}");
        assertRejected("colour", "--set", "colour=blue");
        assertRejected("pullPolicy", "--set", "image.pullPolicy=Sometimes");
        assertRejected("networkPolicy.enabled", "--set", "networkPolicy.enabled=sometimes");
        assertRejected("trainer.gpuMaxComputeMajor", "--set", "trainer.gpuMaxComputeMajor=-1");
        assertRejected("trainer.gpuMaxComputeMajor", "--set", "trainer.gpuMaxComputeMajor=hopper");
    }

    @Test
    void theRenderedObjectsPassAServerSideDryRun() throws IOException {
        TestCluster cluster = TestCluster.get();
        String release = cluster.newNamespace("chart-dry-run");
        String watched = cluster.newNamespace("chart-watched");
        Path kubeConfig = dir.resolve("kubeconfig");
        Files.writeString(kubeConfig, cluster.kubeConfigYaml());

        for (String[] values : List.of(new String[0], new String[] {"--set", "watchNamespaces={" + watched + "}"},
                new String[] {"--set", "kueue.enabled=true", "--set", "watchNamespaces={" + watched + "}"})) {
            String manifest = template(release, "kubegpt-" + values.length, values);
            Helm.Result dryRun = Helm.kubectl(manifest, "--kubeconfig", kubeConfig.toString(), "apply",
                    "--dry-run=server", "-f", "-");
            assertThat(dryRun.exitCode()).as(dryRun.stderr()).isZero();
            assertThat(dryRun.stdout()).contains("deployment.apps/kubegpt").contains("(server dry run)");
        }
    }

    /**
     * Creation of every object (the per-job Role included), a gang restart, success, and a fine-tune started on the
     * finished pre-train, with the chart's rules alone.
     */
    @Test
    void theOperatorRunsAJobWithTheChartsRbacAndNothingMore() {
        TestCluster cluster = TestCluster.get();
        KubernetesClient admin = cluster.client();
        String release = cluster.newNamespace("chart-rbac");
        String jobs = cluster.newNamespace("chart-jobs");
        installRbac(release, "kubegpt", jobs);
        PodStatusWriter kubelet = new PodStatusWriter(admin);

        try (RunningOperator ignored = RunningOperator.start(ServiceAccountCredentials.client(release, "kubegpt"),
                TestSettings.DEFAULT, jobs)) {
            GPTPretrain least = Jobs.tiny("least");
            least.getSpec().getWorkers().setDisruptionBudget(true);
            admin.resource(least).inNamespace(jobs).create();
            Pod first = awaitPod(admin, jobs);
            kubelet.running(first);
            awaitStatus(admin, jobs, s -> s.getPhase() == Phase.Running);
            assertThat(admin.rbac().roles().inNamespace(jobs).withName("least-progress-writer").get()).isNotNull();
            assertThat(admin.services().inNamespace(jobs).withName("least-workers").get()).isNotNull();
            assertThat(admin.persistentVolumeClaims().inNamespace(jobs).list().getItems()).isNotEmpty();
            assertThat(admin.network().v1().networkPolicies().inNamespace(jobs).withName("least-workers").get())
                    .isNotNull();
            assertThat(admin.resources(DisruptionBudgetApi.servedBy(admin).type()).inNamespace(jobs)
                    .withName("least-workers").get()).isNotNull();

            kubelet.terminated(first, 1, "lost");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Pod pod = admin.pods().inNamespace(jobs).withName("least-worker-0").get();
                return pod != null && !pod.getMetadata().getUid().equals(first.getMetadata().getUid());
            });
            kubelet.running(awaitPod(admin, jobs));
            assertThat(awaitStatus(admin, jobs, s -> s.getPhase() == Phase.Running).getRestarts()).isEqualTo(1);

            kubelet.terminated(awaitPod(admin, jobs), 0, "{}");
            assertThat(awaitStatus(admin, jobs, s -> s.getPhase().isFinished()).getPhase()).isEqualTo(Phase.Succeeded);
            assertThat(admin.v1().events().inNamespace(jobs).list().getItems()).isNotEmpty();

            admin.resource(Jobs.classification("least-ft", "least")).inNamespace(jobs).create();
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.pods().inNamespace(jobs)
                    .withName("least-ft-worker-0").get() != null);

            admin.resource(Jobs.with(Jobs.tiny("pair"), Map.of("workers.replicas", 2))).inNamespace(jobs).create();
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.pods().inNamespace(jobs)
                    .withName("pair-worker-1").get() != null);
            assertThat(admin.secrets().inNamespace(jobs).withName("pair-rendezvous-0").get()).isNotNull();
        }
    }

    /** The operator with NetworkPolicies turned off needs, and so watches, none: it starts and runs a job. */
    @Test
    void theOperatorRunsWithoutNetworkPoliciesAndTheirRights() {
        TestCluster cluster = TestCluster.get();
        KubernetesClient admin = cluster.client();
        String release = cluster.newNamespace("chart-open");
        String jobs = cluster.newNamespace("chart-open-jobs");
        installRbac(release, "kubegpt-open", jobs, "--set", "networkPolicy.enabled=false");

        try (RunningOperator ignored = RunningOperator.start(ServiceAccountCredentials.client(release, "kubegpt-open"),
                TestSettings.DEFAULT.withoutNetworkPolicy(), jobs)) {
            admin.resource(Jobs.tiny("least")).inNamespace(jobs).create();
            awaitPod(admin, jobs);
            assertThat(admin.network().v1().networkPolicies().inNamespace(jobs).list().getItems()).isEmpty();
        }
    }

    @Test
    void kueueIsOffByDefaultAndItsValueGrantsTheRightsItNeeds() {
        Deployment plain = one(render("kubegpt", "kubegpt"), Deployment.class);
        assertThat(env(plain.getSpec().getTemplate().getSpec().getContainers().get(0)))
                .containsEntry("KUBEGPT_KUEUE", "false");
        assertThat(rules(clusterRole(render("kubegpt", "kubegpt"), "kubegpt")))
                .doesNotContain("kueue.x-k8s.io/workloads");

        List<HasMetadata> objects = render("kubegpt", "kubegpt", "--set", "kueue.enabled=true");

        assertThat(env(one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)))
                .containsEntry("KUBEGPT_KUEUE", "true").containsEntry("KUBEGPT_KUEUE_DEFAULT_QUEUE", "true");
        assertThat(rules(clusterRole(objects, "kubegpt"))).contains("kueue.x-k8s.io/workloads",
                "kueue.x-k8s.io/workloads/status", "kueue.x-k8s.io/localqueues", "kubegpt.io/gptpretrains");
        assertThat(rules(clusterRole(objects, "kubegpt-kueue"))).containsExactlyInAnyOrder(
                "kueue.x-k8s.io/resourceflavors", "scheduling.k8s.io/priorityclasses");
        assertRejected("kueue.enabled", "--set", "kueue.enabled=maybe");
    }

    /**
     * With {@code kueue.enabled} and the chart's rules alone: a job in a namespace with a default LocalQueue is
     * labelled and queued there with its PriorityClass's priority, and once admitted its pod runs on the flavour and
     * the Workload learns PodsReady.
     */
    @Test
    void theOperatorQueuesAJobInKueueWithTheChartsRbacAndNothingMore() {
        Kueue.install();
        TestCluster cluster = TestCluster.get();
        KubernetesClient admin = cluster.client();
        String release = cluster.newNamespace("chart-kueue");
        String jobs = cluster.newNamespace("chart-kueue-jobs");
        installRbac(release, "kubegpt-kueue", jobs, "--set", "kueue.enabled=true");
        Kueue.localQueue(admin, jobs, "default", "cluster-queue");
        Kueue.flavour(admin, "chart-pool", Map.of("pool", "chart"),
                Map.of("key", "example.com/chart", "operator", "Exists", "effect", "NoSchedule"));
        admin.resource(new PriorityClassBuilder().withNewMetadata().withName("chart-training").endMetadata()
                .withValue(500).build()).createOr(existing -> existing.update());

        try (RunningOperator ignored = RunningOperator.start(ServiceAccountCredentials.client(release,
                "kubegpt-kueue"), TestSettings.DEFAULT.withKueue(true), jobs)) {
            GPTPretrain least = Jobs.tiny("least");
            least.getSpec().getWorkers().setPriorityClassName("chart-training");
            admin.resource(least).inNamespace(jobs).create();
            GenericKubernetesResource workload = await().atMost(Duration.ofSeconds(30))
                    .until(() -> Kueue.workload(admin, jobs, "least-workload"), w -> w != null);
            assertThat(Serialization.asJson(workload.getAdditionalProperties().get("spec")))
                    .contains("\"queueName\":\"default\"").contains("\"priority\":500");
            assertThat(awaitStatus(admin, jobs, s -> s.getPhase() == Phase.Queued).getQueue()).isEqualTo("default");

            Kueue.admit(admin, jobs, "least-workload", "chart-pool");
            Pod pod = awaitPod(admin, jobs);
            assertThat(pod.getSpec().getNodeSelector()).containsEntry("pool", "chart");
            new PodStatusWriter(admin).running(pod);
            await().atMost(Duration.ofSeconds(30)).until(() -> Serialization.asJson(Kueue.workload(admin, jobs,
                    "least-workload").getAdditionalProperties().get("status")).contains("\"type\":\"PodsReady\""));
        }
    }

    /** The chart's ServiceAccount and RBAC alone, for an operator watching {@code jobs}. */
    private static void installRbac(String namespace, String release, String jobs, String... values) {
        KubernetesClient admin = TestCluster.get().client();
        String[] all = new String[values.length + 2];
        all[0] = "--set";
        all[1] = "watchNamespaces={" + jobs + "}";
        System.arraycopy(values, 0, all, 2, values.length);
        render(namespace, release, all).stream()
                .filter(o -> List.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding")
                        .contains(o.getKind()))
                .forEach(object -> admin.resource(object).inNamespace(object.getMetadata().getNamespace() != null
                        ? object.getMetadata().getNamespace() : namespace).createOr(existing -> existing.update()));
    }

    private static ClusterRole clusterRole(List<HasMetadata> objects, String name) {
        return objects.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                .filter(role -> role.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    /** The ClusterRole's rules as {@code group/resource}. */
    private static List<String> rules(ClusterRole role) {
        return role.getRules().stream().flatMap(rule -> rule.getApiGroups().stream()
                .flatMap(group -> rule.getResources().stream().map(resource -> group + "/" + resource))).toList();
    }

    private static Pod awaitPod(KubernetesClient admin, String namespace) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> admin.pods().inNamespace(namespace)
                .withName("least-worker-0").get(), pod -> pod != null && pod.getMetadata().getDeletionTimestamp() == null);
    }

    private static GPTJobStatus awaitStatus(KubernetesClient admin, String namespace, Predicate<GPTJobStatus> condition) {
        return Jobs.awaitStatus(admin, namespace, "least",
                status -> status.getPhase() != null && condition.test(status), Duration.ofSeconds(30));
    }

    private void assertRejected(String value, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "template";
        all[1] = Helm.CHART.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        Helm.Result result = Helm.helm(all);
        assertThat(result.exitCode()).as("helm template with %s", String.join(" ", args)).isNotZero();
        assertThat(result.stderr()).contains(value);
    }

    private static List<HasMetadata> render(String namespace, String release, String... values) {
        String manifest = template(namespace, release, values);
        return Serialization.unmarshal(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8)));
    }

    private static String template(String namespace, String release, String... values) {
        String[] args = new String[values.length + 5];
        args[0] = "template";
        args[1] = release;
        args[2] = Helm.CHART.toString();
        args[3] = "--namespace";
        args[4] = namespace;
        System.arraycopy(values, 0, args, 5, values.length);
        Helm.Result result = Helm.helm(args);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result.stdout();
    }

    private static List<String> kinds(List<HasMetadata> objects) {
        return objects.stream().map(HasMetadata::getKind).toList();
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(e -> e.getName(), e -> e.getValue()));
    }
}
