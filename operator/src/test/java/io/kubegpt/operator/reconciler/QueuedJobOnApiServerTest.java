package io.kubegpt.operator.reconciler;

import static io.kubegpt.operator.testing.OperatorNamespace.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.status.Conditions;
import io.kubegpt.operator.testing.Edits;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.Kueue;
import io.kubegpt.operator.testing.PodStatusWriter;
import io.kubegpt.operator.testing.RunningOperator;
import io.kubegpt.operator.testing.TestCluster;
import io.kubegpt.operator.testing.TestSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jobs queued in Kueue, on the real API server with Kueue's CRDs and the test in Kueue's place (it writes the
 * Workloads' statuses as Kueue does) and in the kubelet's: no pod before admission, pods on the admitted flavour,
 * PodsReady and Finished told to Kueue, a preemption that stops and requeues the job without counting it, suspend,
 * deletion, a namespace's default LocalQueue, and a queue label the operator cannot honour.
 */
class QueuedJobOnApiServerTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String QUEUE = "team-a";
    static final String FLAVOUR = "a100-pool";

    static KubernetesClient client;
    static String namespace;
    static String defaulted;
    static String unqueued;
    static RunningOperator operator;
    static RunningOperator withoutKueue;
    static PodStatusWriter kubelet;

    @BeforeAll
    static void start() {
        Kueue.install();
        TestCluster cluster = TestCluster.get();
        client = cluster.client();
        kubelet = new PodStatusWriter(client);
        namespace = cluster.newNamespace("queued");
        defaulted = cluster.newNamespace("queued-default");
        unqueued = cluster.newNamespace("queue-off");
        Kueue.localQueue(client, defaulted, "default", "cluster-queue");
        Kueue.flavour(client, FLAVOUR, Map.of("pool", "a100"),
                Map.of("key", "nvidia.com/gpu", "operator", "Exists", "effect", "NoSchedule"));
        operator = RunningOperator.start(TestSettings.DEFAULT.withKueue(true), namespace, defaulted);
        withoutKueue = RunningOperator.start(TestSettings.DEFAULT, unqueued);
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
            withoutKueue.close();
        }
    }

    @Test
    void aQueuedJobGetsAWorkloadAndNoPodUntilKueueAdmitsIt() {
        create(queued("waits", 2));

        GenericKubernetesResource workload = await().atMost(TIMEOUT)
                .until(() -> Kueue.workload(client, namespace, "waits-workload"), w -> w != null);
        assertThat(workload.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("GPTPretrain");
            assertThat(owner.getController()).isTrue();
        });
        Map<String, Object> spec = map(workload, "spec");
        assertThat(spec).containsEntry("queueName", QUEUE).containsEntry("active", true);
        List<Map<String, Object>> podSets = list(spec.get("podSets"));
        assertThat(podSets).singleElement().satisfies(podSet -> {
            assertThat(podSet).containsEntry("name", "workers").containsEntry("count", 2);
            assertThat(Serialization.asJson(podSet.get("template"))).contains("\"requests\":{\"cpu\":\"1\"");
        });
        GPTJobStatus queued = awaitStatus(namespace, "waits", s -> s.getPhase() == Phase.Queued);
        assertThat(queued.getQueue()).isEqualTo(QUEUE);
        assertThat(queued.getWorkload()).isEqualTo("waits-workload");

        String noRoom = "couldn't assign flavors to pod set workers: insufficient quota for nvidia.com/gpu in flavor "
                + FLAVOUR + ", 8 more needed";
        Kueue.pending(client, namespace, "waits-workload", noRoom);
        GPTJobStatus pending = awaitStatus(namespace, "waits", s -> condition(s, "QuotaReserved") != null);
        assertThat(condition(pending, "QuotaReserved").getStatus()).isEqualTo("False");
        assertThat(condition(pending, "QuotaReserved").getMessage()).isEqualTo(noRoom);
        assertThat(pending.getPhase()).isEqualTo(Phase.Queued);
        assertThat(pending.getMessage()).contains("LocalQueue " + QUEUE).contains(noRoom);
        assertThat(pods("waits")).as("no pod before admission").isEmpty();
    }

    @Test
    void anAdmittedJobRunsOnItsFlavourAndTellsKueueWhenItsPodsRunAndWhenItEnds() {
        GPTPretrain job = queued("admitted", 2);
        job.getSpec().getWorkers().setNodeSelector(Map.of("zone", "a"));
        create(job);
        awaitStatus(namespace, "admitted", s -> s.getPhase() == Phase.Queued);

        Kueue.admit(client, namespace, "admitted-workload", FLAVOUR);
        List<Pod> pods = await().atMost(TIMEOUT).until(() -> pods("admitted"), list -> list.size() == 2);
        Toleration flavours = new Toleration("NoSchedule", "nvidia.com/gpu", "Exists", null, null);
        assertThat(pods).allSatisfy(pod -> {
            assertThat(pod.getSpec().getNodeSelector()).containsEntry("pool", "a100").containsEntry("zone", "a");
            assertThat(pod.getSpec().getTolerations()).contains(flavours);
        });
        assertThat(condition(awaitStatus(namespace, "admitted", s -> condition(s, "Admitted") != null), "Admitted")
                .getStatus()).isEqualTo("True");

        kubelet.running(pods.get(0));
        awaitStatus(namespace, "admitted", s -> s.getWorkers() != null && s.getWorkers().getReady() == 1);
        assertThat(workloadCondition("admitted", "PodsReady")).as("not every worker runs yet").isNull();
        kubelet.running(pods.get(1));
        awaitStatus(namespace, "admitted", s -> s.getPhase() == Phase.Running);
        Condition podsReady = await().atMost(TIMEOUT).until(() -> workloadCondition("admitted", "PodsReady"),
                c -> c != null);
        assertThat(podsReady.getStatus()).isEqualTo("True");
        assertThat(workloadCondition("admitted", "Admitted").getStatus()).as("Kueue's conditions are kept")
                .isEqualTo("True");
        assertThat(map(Kueue.workload(client, namespace, "admitted-workload"), "status")).containsKey("admission");

        kubelet.terminated(client.pods().inNamespace(namespace).withName("admitted-worker-0").get(), 0, "{}");
        assertThat(awaitStatus(namespace, "admitted", s -> s.getPhase().isFinished()).getPhase())
                .isEqualTo(Phase.Succeeded);
        Condition finished = await().atMost(TIMEOUT).until(() -> workloadCondition("admitted", "Finished"),
                c -> c != null);
        assertThat(finished.getStatus()).isEqualTo("True");
        assertThat(finished.getReason()).isEqualTo("Succeeded");
    }

    @Test
    void aPreemptedJobStopsIsRequeuedWithoutCountingAndRunsAgainWhenReadmitted() {
        create(queued("preempted", 2));
        awaitStatus(namespace, "preempted", s -> s.getPhase() == Phase.Queued);
        Kueue.admit(client, namespace, "preempted-workload", FLAVOUR);
        List<Pod> first = await().atMost(TIMEOUT).until(() -> pods("preempted"), list -> list.size() == 2);
        first.forEach(kubelet::running);
        awaitStatus(namespace, "preempted", s -> s.getPhase() == Phase.Running);

        Kueue.evict(client, namespace, "preempted-workload", FLAVOUR, "Preempted", Kueue.preemptionMessage());

        GPTJobStatus requeued = awaitStatus(namespace, "preempted", s -> s.getPhase() == Phase.Queued);
        await().atMost(TIMEOUT).until(() -> pods("preempted").isEmpty());
        await().atMost(TIMEOUT).until(() -> !map(Kueue.workload(client, namespace, "preempted-workload"), "status")
                .containsKey("admission"));
        assertThat(workloadCondition("preempted", "QuotaReserved").getStatus()).isEqualTo("False");
        assertThat(workloadCondition("preempted", "QuotaReserved").getReason()).isEqualTo("Pending");
        assertThat(workloadCondition("preempted", "Admitted").getStatus()).isEqualTo("False");
        assertThat(workloadCondition("preempted", "Requeued").getStatus()).isEqualTo("True");
        assertThat(workloadCondition("preempted", "Evicted").getReason()).as("Kueue's eviction is kept")
                .isEqualTo("Preempted");
        assertThat(requeued.getRestarts()).isZero();
        assertThat(requeued.getDisruptions()).as("a preemption is no fault").isNull();
        assertThat(requeued.getLastInterruption().getReason()).isEqualTo("Preempted");
        assertThat(requeued.getLastInterruption().getMessage()).isEqualTo(Kueue.preemptionMessage());
        assertThat(requeued.getLastInterruption().getCounted()).isFalse();
        assertThat(requeued.getMessage()).contains("Kueue evicted Workload preempted-workload");
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .anyMatch(event -> "preempted".equals(event.getInvolvedObject().getName())
                        && "Preempted".equals(event.getReason()));

        Kueue.admit(client, namespace, "preempted-workload", FLAVOUR);
        List<Pod> second = await().atMost(TIMEOUT).until(() -> pods("preempted"), list -> list.size() == 2);
        assertThat(second).allSatisfy(pod -> assertThat(pod.getMetadata().getLabels())
                .containsEntry("kubegpt.io/attempt", "0"));
        second.forEach(kubelet::running);
        GPTJobStatus running = awaitStatus(namespace, "preempted", s -> s.getPhase() == Phase.Running);
        assertThat(running.getRestarts()).isZero();
        assertThat(await().atMost(TIMEOUT).until(() -> workloadCondition("preempted", "PodsReady"), c -> c != null)
                .getStatus()).isEqualTo("True");
    }

    @Test
    void suspendDeactivatesTheWorkloadAndItsEvictionGivesTheQuotaBack() {
        create(queued("paused", 1));
        awaitStatus(namespace, "paused", s -> s.getPhase() == Phase.Queued);
        Kueue.admit(client, namespace, "paused-workload", FLAVOUR);
        kubelet.running(await().atMost(TIMEOUT).until(() -> pods("paused"), list -> list.size() == 1).get(0));
        awaitStatus(namespace, "paused", s -> s.getPhase() == Phase.Running);

        setSuspend("paused", true);
        await().atMost(TIMEOUT).until(() -> Boolean.FALSE.equals(map(Kueue.workload(client, namespace,
                "paused-workload"), "spec").get("active")));
        awaitStatus(namespace, "paused", s -> s.getPhase() == Phase.Suspended);
        Kueue.evict(client, namespace, "paused-workload", FLAVOUR, "Deactivated",
                "The workload is deactivated");
        await().atMost(TIMEOUT).until(() -> !map(Kueue.workload(client, namespace, "paused-workload"), "status")
                .containsKey("admission"));
        assertThat(workloadCondition("paused", "QuotaReserved").getStatus()).isEqualTo("False");
        assertThat(workloadCondition("paused", "Requeued").getStatus()).as("inactive: not requeued")
                .isEqualTo("False");
        assertThat(awaitStatus(namespace, "paused", s -> true).getLastInterruption())
                .as("a suspend of one's own is no eviction").isNull();

        setSuspend("paused", false);
        await().atMost(TIMEOUT).until(() -> Boolean.TRUE.equals(map(Kueue.workload(client, namespace,
                "paused-workload"), "spec").get("active")));
        assertThat(awaitStatus(namespace, "paused", s -> s.getPhase() == Phase.Queued)).isNotNull();
        assertThat(pods("paused")).isEmpty();
    }

    @Test
    void deletingTheJobDeletesItsWorkloadOnceKueueLetsGo() {
        Assumptions.assumeTrue(TestCluster.get().garbageCollects(), "kube-controller-manager is not available: "
                + "garbage collection through owner references is not tested");
        create(queued("deleted", 1));
        GenericKubernetesResource workload = await().atMost(TIMEOUT)
                .until(() -> Kueue.workload(client, namespace, "deleted-workload"), w -> w != null);
        // Kueue's finalizer, which it removes once the Workload holds no quota
        client.genericKubernetesResources(Kueue.API_VERSION, "Workload").inNamespace(namespace)
                .withName(workload.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"finalizers\":[\"kueue.x-k8s.io/resource-in-use\"]}}");

        client.resources(GPTPretrain.class).inNamespace(namespace).withName("deleted").delete();

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            GenericKubernetesResource going = Kueue.workload(client, namespace, "deleted-workload");
            return going != null && going.getMetadata().getDeletionTimestamp() != null;
        });
        client.genericKubernetesResources(Kueue.API_VERSION, "Workload").inNamespace(namespace)
                .withName("deleted-workload").patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"finalizers\":null}}");
        await().atMost(TIMEOUT).until(() -> Kueue.workload(client, namespace, "deleted-workload") == null);
    }

    @Test
    void aJobWithoutAQueueInANamespaceWithADefaultLocalQueueIsQueuedThereWholeNeverPodByPod() {
        GPTPretrain job = Jobs.tiny("unlabelled");
        job.getSpec().getWorkers().setReplicas(2);
        job.getMetadata().setNamespace(defaulted);
        client.resource(job).create();

        GPTJobStatus queued = awaitStatus(defaulted, "unlabelled", s -> s.getPhase() == Phase.Queued);
        assertThat(queued.getQueue()).isEqualTo("default");
        assertThat(client.resources(GPTPretrain.class).inNamespace(defaulted).withName("unlabelled").get()
                .getMetadata().getLabels()).as("the label Kueue looks for on a pod's owner")
                .containsEntry("kueue.x-k8s.io/queue-name", "default");
        assertThat(map(Kueue.workload(client, defaulted, "unlabelled-workload"), "spec"))
                .containsEntry("queueName", "default");
        assertThat(client.pods().inNamespace(defaulted).list().getItems()).isEmpty();
    }

    @Test
    void aQueueLabelTheOperatorCannotHonourIsRefusedNotRunOutsideTheQueue() {
        GPTPretrain job = queued("outside", 1);
        job.getMetadata().setNamespace(unqueued);
        client.resource(job).create();

        GPTJobStatus refused = awaitStatus(unqueued, "outside", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(refused, Conditions.FAILED).getReason()).isEqualTo(Conditions.INVALID_SPEC);
        assertThat(refused.getMessage()).contains("metadata.labels[kueue.x-k8s.io/queue-name]")
                .contains("queue " + QUEUE).contains("integration is off");
        assertThat(client.pods().inNamespace(unqueued).list().getItems()).isEmpty();
    }

    private static GPTPretrain queued(String name, int workers) {
        GPTPretrain job = Jobs.tiny(name);
        job.getSpec().getWorkers().setReplicas(workers);
        job.getSpec().getWorkers().setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("1")).build());
        job.getMetadata().setLabels(Map.of("kueue.x-k8s.io/queue-name", QUEUE));
        return job;
    }

    private static void create(GPTPretrain job) {
        job.getMetadata().setNamespace(namespace);
        client.resource(job).create();
    }

    private static List<Pod> pods(String job) {
        return client.pods().inNamespace(namespace).withLabel("kubegpt.io/job", job).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static Condition workloadCondition(String job, String type) {
        Object conditions = map(Kueue.workload(client, namespace, job + "-workload"), "status").get("conditions");
        return conditions == null ? null : list(conditions).stream()
                .map(c -> Serialization.jsonMapper().convertValue(c, Condition.class))
                .filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    private static void setSuspend(String name, boolean suspend) {
        Edits.edit(client.resources(GPTPretrain.class).inNamespace(namespace).withName(name), j -> {
            j.getSpec().setSuspend(suspend);
            return j;
        });
    }

    private static GPTJobStatus awaitStatus(String in, String name, Predicate<GPTJobStatus> condition) {
        return Jobs.awaitStatus(client, in, name, s -> s.getPhase() != null && condition.test(s), TIMEOUT);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(GenericKubernetesResource object, String field) {
        Object value = object.getAdditionalProperties().get(field);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }
}
