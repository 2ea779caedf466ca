package io.kubegpt.operator.reconciler;

import static io.kubegpt.operator.testing.OperatorNamespace.condition;
import static io.kubegpt.operator.testing.OperatorNamespace.hasTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.BindingBuilder;
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
import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.status.Conditions;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.OperatorNamespace;
import io.kubegpt.operator.testing.PodStatuses;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The faults a cluster deals out, played on a real kube-apiserver with the pods' statuses, bindings and nodes written
 * by the test as the kubelet, the scheduler and the node controller would: a pod that cannot pull its image or be
 * scheduled, an eviction, a node lost with a pod stuck terminating, a quota refusing a pod, exit codes of two ranks
 * in either order, and names taken by other objects.
 */
class GangFaultsOnApiServerTest {

    static final Duration TIMEOUT = Duration.ofSeconds(40);
    @RegisterExtension
    static final OperatorNamespace jobs = new OperatorNamespace("faults", TIMEOUT);

    @Test
    void anImagePullBackOffIsShownAndTheStartTimeoutFailsTheJob() {
        GPTPretrain job = Jobs.tiny("pull");
        job.getSpec().setStartTimeoutSeconds(4L);
        jobs.create(job);
        Pod pod = jobs.awaitPod("pull-worker-0");
        jobs.kubelet().write(pod, PodStatuses.waiting(pod, "ImagePullBackOff",
                "Back-off pulling image \"kubegpt/trainer:test\""));

        GPTJobStatus waiting = jobs.awaitStatus("pull", s -> s.getMessage() != null
                && s.getMessage().contains("ImagePullBackOff"));
        assertThat(waiting.getPhase()).isEqualTo(Phase.Pending);
        assertThat(waiting.getMessage()).contains("pull-worker-0: ImagePullBackOff: Back-off pulling image");
        assertThat(condition(waiting, Conditions.WORKERS_READY).getReason()).isEqualTo("ImagePullBackOff");

        GPTJobStatus failed = jobs.awaitStatus("pull", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.START_TIMEOUT);
        assertThat(failed.getMessage()).contains("spec.startTimeoutSeconds (4 s)", "ImagePullBackOff");
        jobs.awaitGone("pull-worker-0");
    }

    @Test
    void anUnschedulablePodSaysWhatTheSchedulerSaid() {
        jobs.create(Jobs.tiny("nogpu"));
        Pod pod = jobs.awaitPod("nogpu-worker-0");
        jobs.kubelet().write(pod, PodStatuses.unschedulable("0/4 nodes are available: 4 Insufficient nvidia.com/gpu."));

        GPTJobStatus pending = jobs.awaitStatus("nogpu", s -> s.getMessage() != null
                && s.getMessage().contains("Unschedulable"));
        assertThat(pending.getMessage()).contains("nogpu-worker-0: Unschedulable: 0/4 nodes are available: 4 "
                + "Insufficient nvidia.com/gpu.");
    }

    @Test
    void anEvictionRestartsTheGangWithoutUsingTheBackoffLimit() {
        GPTPretrain job = Jobs.tiny("evicted");
        job.getSpec().setBackoffLimit(0);
        jobs.create(job);
        Pod first = jobs.awaitPod("evicted-worker-0");
        jobs.kubelet().running(first);
        jobs.awaitStatus("evicted", s -> s.getPhase() == Phase.Running);

        jobs.kubelet().write(first, PodStatuses.disruptionTarget(PodStatuses.terminated(first, TrainerExitCodes.STOPPED,
                "Error", "stopped on request at step 12; checkpoint step-00000012 written"), "EvictionByEvictionAPI"));

        Pod second = jobs.awaitNewPod("evicted-worker-0", first);
        assertThat(second.getMetadata().getLabels()).containsEntry("kubegpt.io/attempt", "1");
        jobs.kubelet().running(second);
        GPTJobStatus running = jobs.awaitStatus("evicted", s -> s.getPhase() == Phase.Running);
        assertThat(running.getRestarts()).isZero();
        assertThat(running.getDisruptions()).isEqualTo(1);
        assertThat(running.getLastInterruption().getCounted()).isFalse();
        assertThat(running.getLastInterruption().getMessage()).contains("step-00000012");
    }

    @Test
    void aPodStuckTerminatingOnALostNodeIsRemovedByForceAndTheGangRestarts() {
        String nodeName = "lost-" + jobs.namespace();
        Node node = jobs.client().nodes().resource(new NodeBuilder().withNewMetadata().withName(nodeName).endMetadata()
                .build()).create();
        node.setStatus(new NodeStatusBuilder().addNewCondition().withType("Ready")
                .withStatus("Unknown").withReason("NodeStatusUnknown")
                .withMessage("Kubelet stopped posting node status.")
                .endCondition().build());
        jobs.client().nodes().resource(node).updateStatus();
        GPTPretrain job = Jobs.tiny("nodeloss");
        job.getSpec().getWorkers().setTerminationGracePeriodSeconds(1L);
        jobs.create(job);
        Pod first = jobs.awaitPod("nodeloss-worker-0");
        jobs.client().bindings().inNamespace(jobs.namespace()).resource(new BindingBuilder().withNewMetadata()
                .withName(first.getMetadata().getName()).endMetadata().withNewTarget().withKind("Node")
                .withName(nodeName).endTarget().build()).create();
        jobs.kubelet().running(first);
        jobs.awaitStatus("nodeloss", s -> s.getPhase() == Phase.Running);

        // the taint manager evicts the pods of a node that stopped reporting; no kubelet confirms their end
        jobs.pod("nodeloss-worker-0").withGracePeriod(1).delete();
        assertThat(jobs.pod("nodeloss-worker-0").get().getMetadata()
                .getDeletionTimestamp()).isNotNull();

        Pod second = jobs.awaitNewPod("nodeloss-worker-0", first);
        assertThat(second.getSpec().getNodeName()).isNull();
        GPTJobStatus restarted = jobs.awaitStatus("nodeloss", s -> s.getDisruptions() != null
                && s.getDisruptions() == 1);
        assertThat(restarted.getRestarts()).isZero();
        jobs.client().nodes().withName(nodeName).delete();
    }

    @Test
    void aPodStuckTerminatingOnAReadyNodeTaintedOutOfServiceIsRemovedByForce() {
        String nodeName = "shut-" + jobs.namespace();
        Node node = jobs.client().nodes().resource(new NodeBuilder().withNewMetadata().withName(nodeName).endMetadata()
                .withNewSpec().addNewTaint().withKey("node.kubernetes.io/out-of-service").withValue("nodeshutdown")
                .withEffect("NoExecute").endTaint().endSpec().build()).create();
        node.setStatus(new NodeStatusBuilder().addNewCondition().withType("Ready").withStatus("True")
                .withReason("KubeletReady").endCondition().build());
        jobs.client().nodes().resource(node).updateStatus();
        GPTPretrain job = Jobs.tiny("shutdown");
        job.getSpec().getWorkers().setTerminationGracePeriodSeconds(1L);
        jobs.create(job);
        Pod first = jobs.awaitPod("shutdown-worker-0");
        jobs.client().bindings().inNamespace(jobs.namespace()).resource(new BindingBuilder().withNewMetadata()
                .withName(first.getMetadata().getName()).endMetadata().withNewTarget().withKind("Node")
                .withName(nodeName).endTarget().build()).create();
        jobs.kubelet().running(first);
        jobs.awaitStatus("shutdown", s -> s.getPhase() == Phase.Running);

        jobs.pod("shutdown-worker-0").withGracePeriod(1).delete();

        jobs.awaitNewPod("shutdown-worker-0", first);
        GPTJobStatus restarted = jobs.awaitStatus("shutdown", s -> s.getDisruptions() != null
                && s.getDisruptions() == 1);
        assertThat(restarted.getRestarts()).isZero();
        jobs.client().nodes().withName(nodeName).delete();
    }

    @Test
    void aQuotaRefusingAPodShowsInTheStatusUntilItIsLifted() {
        ResourceQuota quota = jobs.client().resourceQuotas().inNamespace(jobs.namespace())
                .resource(new ResourceQuotaBuilder()
                .withNewMetadata().withName("gpus").endMetadata().withNewSpec()
                .addToHard("requests.nvidia.com/gpu", new Quantity("1")).endSpec().build()).create();
        // the quota controller would fill this in; admission refuses pods against a quota without it
        quota.setStatus(new ResourceQuotaStatusBuilder()
                .addToHard("requests.nvidia.com/gpu", new Quantity("1"))
                .addToUsed("requests.nvidia.com/gpu", new Quantity("0")).build());
        jobs.client().resource(quota).updateStatus();
        jobs.create(Jobs.with(Jobs.tiny("quota"), Map.of("workers.replicas", 2, "workers.gpusPerWorker", 1,
                "training.batchSize", 8)));

        GPTJobStatus refused = jobs.awaitStatus("quota", s -> hasTrue(s, Conditions.CREATION_REFUSED));
        assertThat(condition(refused, Conditions.CREATION_REFUSED).getMessage())
                .contains("creating Pod quota-worker-1 was refused (HTTP 403)", "exceeded quota: gpus");
        assertThat(refused.getRestarts()).isZero();
        assertThat(jobs.pod("quota-worker-0").get()).isNotNull();

        jobs.client().resource(quota).delete();
        jobs.awaitPod("quota-worker-1");
        GPTJobStatus created = jobs.awaitStatus("quota", s -> !hasTrue(s, Conditions.CREATION_REFUSED));
        assertThat(created.getRestarts()).isZero();
    }

    @Test
    void invalidInputOnTheSecondRankWinsOverTheFirstRankGivingUpFirst() {
        jobs.create(Jobs.with(Jobs.tiny("ranks"), Map.of("workers.replicas", 2, "training.batchSize", 8)));
        Pod rank0 = jobs.awaitPod("ranks-worker-0");
        Pod rank1 = jobs.awaitPod("ranks-worker-1");
        jobs.kubelet().running(rank0);
        jobs.kubelet().running(rank1);
        jobs.awaitStatus("ranks", s -> s.getPhase() == Phase.Running);

        jobs.kubelet().terminated(rank0, TrainerExitCodes.RANK_FAILED, "rank 1 failed");
        jobs.kubelet().terminated(rank1, TrainerExitCodes.INVALID_INPUT, "spec.data.path: /data/corpus.txt does not exist");

        GPTJobStatus failed = jobs.awaitStatus("ranks", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.INVALID_INPUT);
        assertThat(failed.getMessage()).contains("ranks-worker-1", "spec.data.path");
        assertThat(failed.getRestarts()).isZero();
    }

    @Test
    void aServiceAccountOfTheJobsNameThatIsNotItsOwnIsNeverAdopted() {
        ServiceAccount foreign = jobs.client().serviceAccounts().inNamespace(jobs.namespace())
                .resource(new ServiceAccountBuilder()
                .withNewMetadata().withName("ml-trainer").endMetadata().build()).create();
        jobs.create(Jobs.tiny("ml"));

        GPTJobStatus failed = jobs.awaitStatus("ml", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.NAME_CONFLICT);
        assertThat(failed.getMessage()).contains("ServiceAccount ml-trainer exists and is not this GPTPretrain's");
        assertThat(jobs.pod("ml-worker-0").get()).isNull();
        ServiceAccount after = jobs.client().serviceAccounts().inNamespace(jobs.namespace()).withName("ml-trainer")
                .get();
        assertThat(after.getMetadata().getUid()).isEqualTo(foreign.getMetadata().getUid());
        assertThat(after.getMetadata().getOwnerReferences()).isNullOrEmpty();
    }

    @Test
    void aFinetuneNamedLikeARunningPretrainIsRefusedNotMerged() {
        jobs.create(Jobs.tiny("twin"));
        jobs.kubelet().running(jobs.awaitPod("twin-worker-0"));
        jobs.awaitStatus("twin", s -> s.getPhase() == Phase.Running);
        GPTFinetune finetune = Jobs.classification("twin", "twin");
        finetune.getMetadata().setNamespace(jobs.namespace());
        finetune.getSpec().getBase().setPretrain(null);
        finetune.getSpec().getBase().setPath("/checkpoints/models/gpt");
        jobs.client().resource(finetune).create();

        GPTJobStatus refused = await().atMost(TIMEOUT).until(() -> jobs.client().resources(GPTFinetune.class)
                .inNamespace(jobs.namespace()).withName("twin").get().getStatus(), s -> s != null
                && s.getPhase() == Phase.Failed);
        assertThat(condition(refused, Conditions.FAILED).getReason()).isEqualTo(Conditions.NAME_CONFLICT);
        assertThat(refused.getMessage()).contains("is not this GPTFinetune's", "owned by GPTPretrain twin");
        assertThat(jobs.awaitStatus("twin", s -> true).getPhase()).isEqualTo(Phase.Running);
    }
}
