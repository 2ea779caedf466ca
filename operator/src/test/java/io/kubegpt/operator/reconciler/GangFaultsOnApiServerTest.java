package io.kubegpt.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.status.Conditions;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.PodStatusWriter;
import io.kubegpt.operator.testing.PodStatuses;
import io.kubegpt.operator.testing.RunningOperator;
import io.kubegpt.operator.testing.TestCluster;
import io.kubegpt.operator.testing.TestSettings;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The faults a cluster deals out, played on a real kube-apiserver with the pods' statuses, bindings and nodes written
 * by the test as the kubelet, the scheduler and the node controller would: a pod that cannot pull its image or be
 * scheduled, an eviction, a node lost with a pod stuck terminating, a quota refusing a pod, exit codes of two ranks
 * in either order, and names taken by other objects.
 */
class GangFaultsOnApiServerTest {

    static final Duration TIMEOUT = Duration.ofSeconds(40);
    static KubernetesClient client;
    static PodStatusWriter kubelet;
    static String namespace;
    static RunningOperator operator;

    @BeforeAll
    static void startOperator() {
        TestCluster cluster = TestCluster.get();
        client = cluster.client();
        kubelet = new PodStatusWriter(client);
        namespace = cluster.newNamespace("faults");
        operator = RunningOperator.start(TestSettings.DEFAULT, namespace);
    }

    @AfterAll
    static void stopOperator() {
        operator.close();
    }

    @Test
    void anImagePullBackOffIsShownAndTheStartTimeoutFailsTheJob() {
        GPTPretrain job = Jobs.tiny("pull");
        job.getSpec().setStartTimeoutSeconds(4L);
        create(job);
        Pod pod = awaitPod("pull-worker-0");
        kubelet.write(pod, PodStatuses.waiting(pod, "ImagePullBackOff",
                "Back-off pulling image \"kubegpt/trainer:test\""));

        GPTJobStatus waiting = awaitStatus("pull", s -> s.getMessage() != null
                && s.getMessage().contains("ImagePullBackOff"));
        assertThat(waiting.getPhase()).isEqualTo(Phase.Pending);
        assertThat(waiting.getMessage()).contains("pull-worker-0: ImagePullBackOff: Back-off pulling image");
        assertThat(condition(waiting, Conditions.WORKERS_READY).getReason()).isEqualTo("ImagePullBackOff");

        GPTJobStatus failed = awaitStatus("pull", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.START_TIMEOUT);
        assertThat(failed.getMessage()).contains("spec.startTimeoutSeconds (4 s)", "ImagePullBackOff");
        awaitGone("pull-worker-0");
    }

    @Test
    void anUnschedulablePodSaysWhatTheSchedulerSaid() {
        create(Jobs.tiny("nogpu"));
        Pod pod = awaitPod("nogpu-worker-0");
        kubelet.write(pod, PodStatuses.unschedulable("0/4 nodes are available: 4 Insufficient nvidia.com/gpu."));

        GPTJobStatus pending = awaitStatus("nogpu", s -> s.getMessage() != null
                && s.getMessage().contains("Unschedulable"));
        assertThat(pending.getMessage()).contains("nogpu-worker-0: Unschedulable: 0/4 nodes are available: 4 "
                + "Insufficient nvidia.com/gpu.");
    }

    @Test
    void anEvictionRestartsTheGangWithoutUsingTheBackoffLimit() {
        GPTPretrain job = Jobs.tiny("evicted");
        job.getSpec().setBackoffLimit(0);
        create(job);
        Pod first = awaitPod("evicted-worker-0");
        kubelet.running(first);
        awaitStatus("evicted", s -> s.getPhase() == Phase.Running);

        kubelet.write(first, PodStatuses.disruptionTarget(PodStatuses.terminated(first, TrainerExitCodes.STOPPED,
                "Error", "stopped on request at step 12; checkpoint step-00000012 written"), "EvictionByEvictionAPI"));

        Pod second = awaitNewPod("evicted-worker-0", first);
        assertThat(second.getMetadata().getLabels()).containsEntry("kubegpt.io/attempt", "1");
        kubelet.running(second);
        GPTJobStatus running = awaitStatus("evicted", s -> s.getPhase() == Phase.Running);
        assertThat(running.getRestarts()).isZero();
        assertThat(running.getDisruptions()).isEqualTo(1);
        assertThat(running.getLastInterruption().getCounted()).isFalse();
        assertThat(running.getLastInterruption().getMessage()).contains("step-00000012");
    }

    @Test
    void aPodStuckTerminatingOnALostNodeIsRemovedByForceAndTheGangRestarts() {
        String nodeName = "lost-" + namespace;
        Node node = client.nodes().resource(new NodeBuilder().withNewMetadata().withName(nodeName).endMetadata()
                .build()).create();
        node.setStatus(new NodeStatusBuilder().addNewCondition().withType("Ready")
                .withStatus("Unknown").withReason("NodeStatusUnknown").withMessage("Kubelet stopped posting node status.")
                .endCondition().build());
        client.nodes().resource(node).updateStatus();
        GPTPretrain job = Jobs.tiny("nodeloss");
        job.getSpec().getWorkers().setTerminationGracePeriodSeconds(1L);
        create(job);
        Pod first = awaitPod("nodeloss-worker-0");
        client.bindings().inNamespace(namespace).resource(new BindingBuilder().withNewMetadata()
                .withName(first.getMetadata().getName()).endMetadata().withNewTarget().withKind("Node")
                .withName(nodeName).endTarget().build()).create();
        kubelet.running(first);
        awaitStatus("nodeloss", s -> s.getPhase() == Phase.Running);

        // the taint manager evicts the pods of a node that stopped reporting; no kubelet confirms their end
        client.pods().inNamespace(namespace).withName("nodeloss-worker-0").withGracePeriod(1).delete();
        assertThat(client.pods().inNamespace(namespace).withName("nodeloss-worker-0").get().getMetadata()
                .getDeletionTimestamp()).isNotNull();

        Pod second = awaitNewPod("nodeloss-worker-0", first);
        assertThat(second.getSpec().getNodeName()).isNull();
        GPTJobStatus restarted = awaitStatus("nodeloss", s -> s.getDisruptions() != null && s.getDisruptions() == 1);
        assertThat(restarted.getRestarts()).isZero();
        client.nodes().withName(nodeName).delete();
    }

    @Test
    void aQuotaRefusingAPodShowsInTheStatusUntilItIsLifted() {
        ResourceQuota quota = client.resourceQuotas().inNamespace(namespace).resource(new ResourceQuotaBuilder()
                .withNewMetadata().withName("gpus").endMetadata().withNewSpec()
                .addToHard("requests.nvidia.com/gpu", new Quantity("1")).endSpec().build()).create();
        // the quota controller would fill this in; admission refuses pods against a quota without it
        quota.setStatus(new ResourceQuotaStatusBuilder()
                .addToHard("requests.nvidia.com/gpu", new Quantity("1"))
                .addToUsed("requests.nvidia.com/gpu", new Quantity("0")).build());
        client.resource(quota).updateStatus();
        create(Jobs.with(Jobs.tiny("quota"), Map.of("workers.replicas", 2, "workers.gpusPerWorker", 1,
                "training.batchSize", 8)));

        GPTJobStatus refused = awaitStatus("quota", s -> hasTrue(s, Conditions.CREATION_REFUSED));
        assertThat(condition(refused, Conditions.CREATION_REFUSED).getMessage())
                .contains("creating Pod quota-worker-1 was refused (HTTP 403)", "exceeded quota: gpus");
        assertThat(refused.getRestarts()).isZero();
        assertThat(client.pods().inNamespace(namespace).withName("quota-worker-0").get()).isNotNull();

        client.resource(quota).delete();
        awaitPod("quota-worker-1");
        GPTJobStatus created = awaitStatus("quota", s -> !hasTrue(s, Conditions.CREATION_REFUSED));
        assertThat(created.getRestarts()).isZero();
    }

    @Test
    void invalidInputOnTheSecondRankWinsOverTheFirstRankGivingUpFirst() {
        create(Jobs.with(Jobs.tiny("ranks"), Map.of("workers.replicas", 2, "training.batchSize", 8)));
        Pod rank0 = awaitPod("ranks-worker-0");
        Pod rank1 = awaitPod("ranks-worker-1");
        kubelet.running(rank0);
        kubelet.running(rank1);
        awaitStatus("ranks", s -> s.getPhase() == Phase.Running);

        kubelet.terminated(rank0, TrainerExitCodes.RANK_FAILED, "rank 1 failed");
        kubelet.terminated(rank1, TrainerExitCodes.INVALID_INPUT, "spec.data.path: /data/corpus.txt does not exist");

        GPTJobStatus failed = awaitStatus("ranks", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.INVALID_INPUT);
        assertThat(failed.getMessage()).contains("ranks-worker-1", "spec.data.path");
        assertThat(failed.getRestarts()).isZero();
    }

    @Test
    void aServiceAccountOfTheJobsNameThatIsNotItsOwnIsNeverAdopted() {
        ServiceAccount foreign = client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder()
                .withNewMetadata().withName("ml-trainer").endMetadata().build()).create();
        create(Jobs.tiny("ml"));

        GPTJobStatus failed = awaitStatus("ml", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.NAME_CONFLICT);
        assertThat(failed.getMessage()).contains("ServiceAccount ml-trainer exists and is not this GPTPretrain's");
        assertThat(client.pods().inNamespace(namespace).withName("ml-worker-0").get()).isNull();
        ServiceAccount after = client.serviceAccounts().inNamespace(namespace).withName("ml-trainer").get();
        assertThat(after.getMetadata().getUid()).isEqualTo(foreign.getMetadata().getUid());
        assertThat(after.getMetadata().getOwnerReferences()).isNullOrEmpty();
    }

    @Test
    void aFinetuneNamedLikeARunningPretrainIsRefusedNotMerged() {
        create(Jobs.tiny("twin"));
        kubelet.running(awaitPod("twin-worker-0"));
        awaitStatus("twin", s -> s.getPhase() == Phase.Running);
        GPTFinetune finetune = Jobs.classification("twin", "twin");
        finetune.getMetadata().setNamespace(namespace);
        finetune.getSpec().getBase().setPretrain(null);
        finetune.getSpec().getBase().setPath("/checkpoints/models/gpt");
        client.resource(finetune).create();

        GPTJobStatus refused = await().atMost(TIMEOUT).until(() -> client.resources(GPTFinetune.class)
                .inNamespace(namespace).withName("twin").get().getStatus(), s -> s != null && s.getPhase() == Phase.Failed);
        assertThat(condition(refused, Conditions.FAILED).getReason()).isEqualTo(Conditions.NAME_CONFLICT);
        assertThat(refused.getMessage()).contains("is not this GPTFinetune's", "owned by GPTPretrain twin");
        assertThat(awaitStatus("twin", s -> true).getPhase()).isEqualTo(Phase.Running);
    }

    static void create(GPTPretrain job) {
        job.getMetadata().setNamespace(namespace);
        client.resource(job).create();
    }

    static Pod awaitPod(String name) {
        return await().atMost(TIMEOUT).until(() -> client.pods().inNamespace(namespace).withName(name).get(),
                pod -> pod != null && pod.getMetadata().getDeletionTimestamp() == null);
    }

    static Pod awaitNewPod(String name, Pod old) {
        return await().atMost(TIMEOUT).until(() -> client.pods().inNamespace(namespace).withName(name).get(),
                pod -> pod != null && !pod.getMetadata().getUid().equals(old.getMetadata().getUid()));
    }

    static void awaitGone(String name) {
        await().atMost(TIMEOUT).until(() -> client.pods().inNamespace(namespace).withName(name).get() == null);
    }

    static GPTJobStatus awaitStatus(String name, Predicate<GPTJobStatus> condition) {
        return Jobs.awaitStatus(client, namespace, name, condition, TIMEOUT);
    }

    static Condition condition(GPTJobStatus status, String type) {
        return GPTPretrainOnApiServerTest.condition(status, type);
    }

    static boolean hasTrue(GPTJobStatus status, String type) {
        return GPTPretrainOnApiServerTest.hasTrue(status, type);
    }
}
