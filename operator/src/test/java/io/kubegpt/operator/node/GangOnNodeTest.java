package io.kubegpt.operator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.testing.Helm;
import io.kubegpt.operator.testing.Jobs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A data-parallel GPTPretrain of two workers on the real node, with the operator running as the chart's pod: the
 * scheduler binds both pods, the kubelet runs them as containers of the trainer image (non-root, read-only root file
 * system), rank 1 finds rank 0 by the headless Service's DNS name over the pod network, progress reaches
 * {@code kubectl get}, checkpoints land on the claim's volume, and the job succeeds.
 */
class GangOnNodeTest {

    static final long STEPS = 300;

    @Test
    void twoWorkersMeetByTheServicesNamesTrainAndCheckpointOnTheVolume() {
        NodeJobs jobs = new NodeJobs("gang");
        jobs.create(jobs.job("gang", 2, STEPS));

        Pod rank0 = jobs.awaitRunningPod("gang-worker-0");
        Pod rank1 = jobs.awaitRunningPod("gang-worker-1");
        for (Pod pod : List.of(rank0, rank1)) {
            assertThat(pod.getSpec().getNodeName()).as("bound by the scheduler").isEqualTo("node1");
            Container trainer = pod.getSpec().getContainers().get(0);
            assertThat(trainer.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        }
        String master = rank1.getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("MASTER_ADDR")).map(EnvVar::getValue).findFirst().orElseThrow();
        assertThat(master).startsWith("gang-worker-0.");
        // cluster DNS learns a pod's name within a second of its address, as CoreDNS does from its watch
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jobs.node.kubectl("-n", jobs.namespace,
                "exec", "gang-worker-1", "--", "getent", "hosts", master).stdout())
                .contains(rank0.getStatus().getPodIP()));
        Helm.Result user = jobs.node.kubectl("-n", jobs.namespace, "exec", "gang-worker-0", "--", "id", "-u");
        assertThat(user.stdout().strip()).as(user.stderr()).isEqualTo("1000");

        GPTJobStatus running = jobs.awaitStatus("gang", s -> s.getPhase() == Phase.Running
                && s.getProgress() != null && s.getProgress().getStep() != null && s.getProgress().getStep() > 0);
        Helm.Result get = jobs.node.kubectl("-n", jobs.namespace, "get", "gptp", "gang");
        assertThat(get.stdout()).as(get.stderr()).contains("gang", "Running", String.valueOf(STEPS));

        GPTJobStatus done = jobs.awaitStatus("gang", s -> s.getPhase().isFinished());
        assertThat(done.getPhase()).as(done.getMessage()).isEqualTo(Phase.Succeeded);
        assertThat(running.getWorkers().getTotal()).isEqualTo(2);
        assertThat(done.getProgress().getStep()).isEqualTo(STEPS);
        assertThat(done.getRestarts()).isZero();
        assertThat(done.getCheckpoints().getLatest().getStep()).isEqualTo(STEPS);

        Path run = jobs.runFolder("gang");
        assertThat(run.resolve(RunLayout.CHECKPOINTS).resolve(RunLayout.LATEST)).exists();
        assertThat(Jobs.latestCheckpoint(run)).isEqualTo(STEPS);
        assertThat(run.resolve("loss-curve.png")).isNotEmptyFile();
        assertThat(run.resolve("summary.json")).content().contains("\"step\"");

        Helm.Result kubectlLogs = jobs.node.kubectl("-n", jobs.namespace, "logs", "gang-worker-0");
        assertThat(kubectlLogs.stdout()).as("kubectl logs of a finished worker").contains("step ", "/" + STEPS);
    }
}
