package io.kubegpt.operator.reconciler;

import static io.kubegpt.operator.testing.OperatorNamespace.condition;
import static io.kubegpt.operator.testing.OperatorNamespace.hasTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.kubegpt.api.trainer.TrainerEnvironment;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.api.v1alpha1.Progress;
import io.kubegpt.operator.status.Conditions;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.OperatorNamespace;
import io.kubegpt.operator.testing.TestCluster;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Objects that carry a job's name and labels without being its own, made on a real kube-apiserver: a finished pod owned
 * by something else, the pods of an earlier job of the same name, an unowned account and progress ConfigMap with the
 * job's labels, and a pod of the job whose labels were rewritten. None of them is taken for the job's, and none stops
 * its reconcile.
 */
class ForgeriesOnApiServerTest {

    static final Duration TIMEOUT = Duration.ofSeconds(40);
    static final String SUMMARY = "{\"phase\":\"Succeeded\",\"message\":\"forged summary\"}";
    @RegisterExtension
    static final OperatorNamespace jobs = new OperatorNamespace("forged", TIMEOUT);

    @Test
    void aFinishedPodOfTheJobsNameOwnedBySomethingElseIsNeverTakenForItsWorker() {
        ConfigMap holder = jobs.client().resource(new ConfigMapBuilder().withNewMetadata().withName("holder")
                .withNamespace(jobs.namespace()).endMetadata().build()).create();
        Pod forged = jobs.client().resource(workerPod("taken", 0, "0", "0", new OwnerReferenceBuilder()
                .withApiVersion("v1").withKind("ConfigMap").withName("holder").withUid(holder.getMetadata().getUid())
                .withController(true).build())).create();
        jobs.kubelet().terminated(forged, 0, SUMMARY);
        jobs.create(Jobs.tiny("taken"));

        GPTJobStatus failed = jobs.awaitStatus("taken", s -> s.getPhase() != null && s.getPhase().isFinished());
        assertThat(failed.getPhase()).isEqualTo(Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.NAME_CONFLICT);
        assertThat(failed.getMessage()).contains("Pod taken-worker-0 exists and is not this GPTPretrain's",
                "owned by ConfigMap holder").doesNotContain("forged summary");
    }

    @Test
    void aJobAppliedAgainUnderItsNameWaitsForTheEarlierJobsPodsInsteadOfTakingThem() {
        Assumptions.assumeTrue(TestCluster.get().garbageCollects(), "kube-controller-manager is not available: "
                + "nothing removes the earlier job's pods");
        jobs.create(Jobs.tiny("again"));
        Pod earlier = jobs.awaitPod("again-worker-0");
        jobs.pod("again-worker-0").edit(pod -> new PodBuilder(pod).editMetadata()
                .addToFinalizers("kubegpt.io/test-hold").endMetadata().build());
        jobs.kubelet().terminated(earlier, 0, SUMMARY);
        jobs.awaitStatus("again", s -> s.getPhase() == Phase.Succeeded);
        jobs.client().resources(GPTPretrain.class).inNamespace(jobs.namespace()).withName("again").delete();
        await().atMost(TIMEOUT).until(() -> jobs.client().resources(GPTPretrain.class).inNamespace(jobs.namespace())
                .withName("again").get() == null);
        jobs.create(Jobs.tiny("again"));

        GPTJobStatus waiting = jobs.awaitStatus("again", s -> hasTrue(s, Conditions.CREATION_REFUSED));
        assertThat(waiting.getPhase()).isEqualTo(Phase.Pending);
        assertThat(condition(waiting, Conditions.CREATION_REFUSED).getMessage())
                .contains("belongs to an earlier GPTPretrain again");

        jobs.pod("again-worker-0").edit(pod -> new PodBuilder(pod).editMetadata().withFinalizers(List.of())
                .endMetadata().build());
        Pod second = jobs.awaitNewPod("again-worker-0", earlier);
        jobs.kubelet().running(second);
        GPTJobStatus running = jobs.awaitStatus("again", s -> s.getPhase() == Phase.Running);
        assertThat(running.getMessage()).doesNotContain("forged summary");
    }

    @Test
    void anUnownedAccountWithTheJobsLabelsIsNotAdopted() {
        jobs.client().resource(new ServiceAccountBuilder().withNewMetadata().withName("labelled-trainer")
                .withNamespace(jobs.namespace()).withLabels(labels("labelled", "trainer")).endMetadata().build())
                .create();
        jobs.create(Jobs.tiny("labelled"));

        GPTJobStatus failed = jobs.awaitStatus("labelled", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.NAME_CONFLICT);
        assertThat(failed.getMessage()).contains("ServiceAccount labelled-trainer exists and is not this "
                + "GPTPretrain's (no owner)");
        assertThat(jobs.pod("labelled-worker-0").get()).isNull();
    }

    @Test
    void anUnownedProgressReportWithTheJobsLabelsIsNeitherAdoptedNorRead() {
        jobs.client().resource(new ConfigMapBuilder().withNewMetadata().withName("report-progress")
                .withNamespace(jobs.namespace()).withLabels(labels("report", "progress")).endMetadata()
                .addToData(TrainerEnvironment.PROGRESS_KEY, "{\"progress\":{\"step\":999}}").build()).create();
        jobs.create(Jobs.tiny("report"));

        GPTJobStatus failed = jobs.awaitStatus("report", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.NAME_CONFLICT);
        assertThat(failed.getMessage()).contains("ConfigMap report-progress exists and is not this GPTPretrain's");
        assertThat(Optional.ofNullable(failed.getProgress()).map(Progress::getStep)).isNotEqualTo(Optional.of(999L));
    }

    @Test
    void aPodOfTheJobWhoseRankAndAttemptAreNotNumbersIsIgnoredWithAnEvent() {
        jobs.create(Jobs.tiny("relabelled"));
        Pod worker = jobs.awaitPod("relabelled-worker-0");
        jobs.kubelet().running(worker);
        jobs.awaitStatus("relabelled", s -> s.getPhase() == Phase.Running);
        GPTPretrain job = jobs.client().resources(GPTPretrain.class).inNamespace(jobs.namespace())
                .withName("relabelled").get();
        jobs.client().resource(workerPod("relabelled", 0, "zero", "first", new OwnerReferenceBuilder()
                .withApiVersion(job.getApiVersion()).withKind(job.getKind()).withName("relabelled")
                .withUid(job.getMetadata().getUid()).withController(true).build())
                .edit().editMetadata().withName("relabelled-worker-00").endMetadata().build()).create();

        jobs.kubelet().terminated(worker, 0, "{\"phase\":\"Succeeded\",\"message\":\"trained 600 steps\"}");

        GPTJobStatus succeeded = jobs.awaitStatus("relabelled", s -> s.getPhase() == Phase.Succeeded);
        assertThat(succeeded.getMessage()).isEqualTo("trained 600 steps");
        await().atMost(TIMEOUT).until(() -> jobs.client().v1().events().inNamespace(jobs.namespace()).list()
                .getItems().stream().anyMatch(event -> "PodIgnored".equals(event.getReason())
                        && event.getMessage().contains("relabelled-worker-00")));
        assertThat(jobs.client().v1().events().inNamespace(jobs.namespace()).list().getItems().stream()
                .filter(event -> "PodIgnored".equals(event.getReason())))
                .as("one warning, though every pass from Running to Succeeded saw the pod").hasSize(1);
    }

    /** A worker pod as the operator makes one, with the given labels and owner. */
    private static Pod workerPod(String job, int index, String rank, String attempt, OwnerReference owner) {
        Map<String, String> labels = labels(job, "worker");
        labels.put("kubegpt.io/rank", rank);
        labels.put("kubegpt.io/attempt", attempt);
        return new PodBuilder().withNewMetadata().withName(job + "-worker-" + index).withNamespace(jobs.namespace())
                .withLabels(labels).withOwnerReferences(owner).endMetadata()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("trainer")
                .withImage("kubegpt/trainer:test").endContainer().endSpec().build();
    }

    private static Map<String, String> labels(String job, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kubegpt.io/job", job);
        labels.put("kubegpt.io/kind", "GPTPretrain");
        labels.put("kubegpt.io/component", component);
        labels.put("app.kubernetes.io/managed-by", "kubegpt-operator");
        return labels;
    }
}
