package io.kubegpt.operator.reconciler;

import static io.kubegpt.operator.testing.OperatorNamespace.condition;
import static io.kubegpt.operator.testing.OperatorNamespace.hasTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.status.Conditions;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.OperatorNamespace;
import io.kubegpt.operator.testing.PodStatuses;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Objects the API server refuses, on a real kube-apiserver: a quota that refuses a job's Service keeps the job in the
 * gang's hands (Pending with the refusal, the start timeout and the deadline running, a running gang following its
 * pods), and a pod the API server finds invalid fails the job at once, naming the spec field.
 */
class RefusedObjectsOnApiServerTest {

    static final Duration TIMEOUT = Duration.ofSeconds(40);
    @RegisterExtension
    static final OperatorNamespace jobs = new OperatorNamespace("refused", TIMEOUT);

    @AfterEach
    void liftQuotas() {
        jobs.client().resourceQuotas().inNamespace(jobs.namespace()).delete();
    }

    @Test
    void aRefusedServiceKeepsTheJobPendingWithTheRefusalUntilTheStartTimeout() {
        quota("services", "0");
        GPTPretrain job = Jobs.tiny("nosvc");
        job.getSpec().setStartTimeoutSeconds(4L);
        jobs.create(job);

        GPTJobStatus pending = jobs.awaitStatus("nosvc", s -> hasTrue(s, Conditions.CREATION_REFUSED));
        assertThat(pending.getPhase()).isEqualTo(Phase.Pending);
        assertThat(pending.getMessage()).contains("creating Service nosvc-workers was refused (HTTP 403)",
                "exceeded quota");

        GPTJobStatus failed = jobs.awaitStatus("nosvc", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.START_TIMEOUT);
        assertThat(jobs.pod("nosvc-worker-0").get()).isNull();
    }

    @Test
    void theDeadlineEndsAJobWhoseServiceIsRefused() {
        quota("services", "0");
        GPTPretrain job = Jobs.tiny("nosvcdeadline");
        job.getSpec().setActiveDeadlineSeconds(3L);
        jobs.create(job);

        GPTJobStatus failed = jobs.awaitStatus("nosvcdeadline", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.DEADLINE_EXCEEDED);
    }

    @Test
    void aRunningJobWhoseServiceCannotBeRecreatedStillFollowsItsPods() {
        jobs.create(Jobs.tiny("svclost"));
        Pod pod = jobs.awaitPod("svclost-worker-0");
        jobs.kubelet().running(pod);
        jobs.awaitStatus("svclost", s -> s.getPhase() == Phase.Running);

        quota("services", "0");
        jobs.client().services().inNamespace(jobs.namespace()).withName("svclost-workers").delete();
        GPTJobStatus refused = jobs.awaitStatus("svclost", s -> hasTrue(s, Conditions.CREATION_REFUSED));
        assertThat(refused.getPhase()).isEqualTo(Phase.Running);

        jobs.kubelet().write(pod, PodStatuses.disruptionTarget(PodStatuses.terminated(pod, TrainerExitCodes.STOPPED,
                "Error", "stopped on request at step 3"), "EvictionByEvictionAPI"));
        GPTJobStatus disrupted = jobs.awaitStatus("svclost", s -> s.getDisruptions() != null
                && s.getDisruptions() == 1);
        assertThat(disrupted.getRestarts()).isZero();
        assertThat(hasTrue(disrupted, Conditions.CREATION_REFUSED)).isTrue();
    }

    @Test
    void aPodTheApiServerFindsInvalidFailsTheJobAtOnceNamingTheSpecField() {
        GPTPretrain job = Jobs.tiny("badtoleration");
        job.getSpec().getWorkers().setTolerations(List.of(new TolerationBuilder().withKey("gpu")
                .withOperator("Sometimes").withEffect("NoSchedule").build()));
        jobs.create(job);

        GPTJobStatus failed = jobs.awaitStatus("badtoleration", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.INVALID_SPEC);
        assertThat(failed.getMessage()).startsWith("spec.workers.tolerations[0].operator: Unsupported value: "
                + "\"Sometimes\"").contains("badtoleration-worker-0");
        assertThat(hasTrue(failed, Conditions.CREATION_REFUSED)).isFalse();
    }

    /** A quota the quota controller has counted: admission refuses what goes past {@code hard}. */
    private static void quota(String resource, String hard) {
        ResourceQuota quota = jobs.client().resourceQuotas().inNamespace(jobs.namespace())
                .resource(new ResourceQuotaBuilder().withNewMetadata().withName("refuse-" + resource).endMetadata()
                        .withNewSpec().addToHard(resource, new Quantity(hard)).endSpec().build()).create();
        quota.setStatus(new ResourceQuotaStatusBuilder().addToHard(resource, new Quantity(hard))
                .addToUsed(resource, new Quantity("0")).build());
        jobs.client().resource(quota).updateStatus();
    }
}
