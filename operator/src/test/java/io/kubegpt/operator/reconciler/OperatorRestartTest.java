package io.kubegpt.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.api.v1alpha1.Progress;
import io.kubegpt.operator.testing.Edits;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.PodStatusWriter;
import io.kubegpt.operator.testing.RunningOperator;
import io.kubegpt.operator.testing.TestCluster;
import io.kubegpt.operator.testing.TestSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** A new operator process takes over a running job: no second set of pods, no lost status, and what changed meanwhile. */
class OperatorRestartTest {

    final KubernetesClient client = TestCluster.get().client();
    final PodStatusWriter kubelet = new PodStatusWriter(client);
    final String namespace = TestCluster.get().newNamespace("restart");

    @Test
    void aRestartedOperatorContinuesWhereTheLastOneStopped() {
        GPTPretrain job = Jobs.with(Jobs.tiny("survivor"), Map.of("workers.replicas", 2));
        job.getMetadata().setNamespace(namespace);
        Pod rank0;
        GPTJobStatus before;
        try (RunningOperator first = RunningOperator.start(TestSettings.DEFAULT, namespace)) {
            client.resource(job).create();
            rank0 = awaitPod("survivor-worker-0");
            kubelet.running(rank0);
            kubelet.running(awaitPod("survivor-worker-1"));
            reportStep(42);
            before = awaitStatus(s -> s.getPhase() == Phase.Running && s.getProgress() != null
                    && s.getProgress().getStep() == 42L);
        }
        reportStep(43);

        try (RunningOperator second = RunningOperator.start(TestSettings.DEFAULT, namespace)) {
            GPTJobStatus after = awaitStatus(s -> s.getProgress().getStep() == 43L);
            assertThat(after.getPhase()).isEqualTo(Phase.Running);
            assertThat(after.getStartTime()).isEqualTo(before.getStartTime());
            assertThat(after.getRestarts()).isZero();
            List<Pod> pods = client.pods().inNamespace(namespace).withLabel("kubegpt.io/job", "survivor").list()
                    .getItems();
            assertThat(pods).extracting(p -> p.getMetadata().getName())
                    .containsExactlyInAnyOrder("survivor-worker-0", "survivor-worker-1");
            assertThat(pods).extracting(p -> p.getMetadata().getUid()).contains(rank0.getMetadata().getUid());

            kubelet.terminated(client.pods().inNamespace(namespace).withName("survivor-worker-0").get(), 0, "{}");
            assertThat(awaitStatus(s -> s.getPhase().isFinished()).getPhase()).isEqualTo(Phase.Succeeded);
        }
    }

    private void reportStep(long step) {
        GPTJobStatus report = new GPTJobStatus();
        report.setProgress(new Progress());
        report.getProgress().setStep(step);
        Edits.edit(client.configMaps().inNamespace(namespace).withName("survivor-progress"), configMap -> {
            configMap.setData(Map.of("status.json", Serialization.asJson(report)));
            return configMap;
        });
    }

    private Pod awaitPod(String name) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> client.pods().inNamespace(namespace).withName(name)
                .get(), pod -> pod != null);
    }

    private GPTJobStatus awaitStatus(Predicate<GPTJobStatus> condition) {
        return Jobs.awaitStatus(client, namespace, "survivor",
                status -> status.getPhase() != null && condition.test(status), Duration.ofSeconds(30));
    }
}
