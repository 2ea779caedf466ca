package io.kubegpt.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.testing.FaultTable;
import io.kubegpt.operator.testing.FreePorts;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.KubeletStandIn;
import io.kubegpt.operator.testing.Kueue;
import io.kubegpt.operator.testing.RunningOperator;
import io.kubegpt.operator.testing.TestCluster;
import io.kubegpt.operator.testing.TestSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queued job trained by the real trainer jar ({@link KubeletStandIn}) while the test plays Kueue: admitted, then
 * preempted while it trains. Its workers stop gracefully at a step they agree on and checkpoint there, the quota goes
 * back, and once admitted again the job resumes from that very step and trains to the end, with no restart counted.
 */
class QueuedTrainingEndToEndTest {

    static final long STEPS = 60;
    static final String FLAVOUR = "e2e-pool";

    @TempDir
    static Path work;
    static KubernetesClient client;
    static String namespace;
    static RunningOperator operator;
    static KubeletStandIn kubelet;
    static final FaultTable FAULTS = new FaultTable();

    @BeforeAll
    static void start() {
        Kueue.install();
        assertThat(TrainingEndToEndTest.TRAINER_JAR)
                .as("the trainer jar; build it first: mvn -pl crds,trainer install -DskipTests").exists();
        client = TestCluster.get().client();
        namespace = TestCluster.get().newNamespace("e2e-queued");
        Kueue.flavour(client, FLAVOUR, Map.of("pool", "e2e"),
                Map.of("key", "example.com/e2e", "operator", "Exists", "effect", "NoSchedule"));
        operator = RunningOperator.start(TestSettings.DEFAULT.withKueue(true), namespace);
        kubelet = new KubeletStandIn(client, namespace, work, TrainingEndToEndTest.TRAINER_JAR,
                Map.of("KUBEGPT_PROGRESS_INTERVAL_MS", "200"));
    }

    @AfterAll
    static void stop() {
        if (kubelet != null) {
            kubelet.close();
            operator.close();
            FAULTS.write(Path.of("target", "fault-battery-queued.md"));
        }
    }

    @Test
    void aPreemptedJobResumesFromTheStepItStoppedAtWhenAdmittedAgain() {
        GPTPretrain job = Jobs.with(Jobs.small("preempted", TrainingEndToEndTest.WORKERS, STEPS), Map.of(
                "evaluation.everySteps", 20, "checkpoint.everySteps", 10, "workers.masterPort", FreePorts.next()));
        job.getMetadata().setNamespace(namespace);
        job.getMetadata().setLabels(Map.of("kueue.x-k8s.io/queue-name", "team-a"));
        client.resource(job).create();
        awaitStatus(status -> status.getPhase() == Phase.Queued);
        Kueue.admit(client, namespace, "preempted-workload", FLAVOUR);
        long latest = Jobs.awaitCheckpoint(runFolder(), TrainingEndToEndTest.RUN_TIMEOUT);
        long reached = client.resources(GPTPretrain.class).inNamespace(namespace).withName("preempted").get()
                .getStatus().getProgress().getStep();

        Kueue.evict(client, namespace, "preempted-workload", FLAVOUR, "Preempted", Kueue.preemptionMessage());

        await().atMost(Duration.ofSeconds(60)).until(() -> released() && client.pods().inNamespace(namespace)
                .withLabel("kubegpt.io/job", "preempted").list().getItems().isEmpty());
        GPTJobStatus queued = awaitStatus(status -> status.getPhase() == Phase.Queued);
        assertThat(queued.getLastInterruption().getReason()).isEqualTo("Preempted");
        assertThat(kubelet.logs("preempted-worker-0")).singleElement().asString()
                .contains("stopped on request at step");

        Kueue.admit(client, namespace, "preempted-workload", FLAVOUR);
        GPTJobStatus done = awaitStatus(status -> status.getPhase().isFinished());

        assertThat(done.getPhase()).as(done.getMessage()).isEqualTo(Phase.Succeeded);
        assertThat(done.getRestarts()).isZero();
        assertThat(done.getDisruptions()).as("a preemption is not a disruption of the gang's own").isNull();
        assertThat(done.getProgress().getStep()).isEqualTo(STEPS);
        assertThat(FAULTS.addSurvived("Kueue preempts the Workload (Evicted: Preempted), then admits it again",
                "Queued (Preempted), then Succeeded", done, latest, reached, kubelet.logs("preempted-worker-0"),
                STEPS)).as("steps lost: the workers checkpointed where they stopped").isZero();
    }

    /** Whether the operator gave the quota back: the Workload has no admission. */
    private static boolean released() {
        GenericKubernetesResource workload = Kueue.workload(client, namespace, "preempted-workload");
        Object status = workload.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> map && !map.containsKey("admission");
    }

    private static Path runFolder() {
        return kubelet.claim("preempted-checkpoints").resolve("preempted");
    }

    private static GPTJobStatus awaitStatus(Predicate<GPTJobStatus> condition) {
        return Jobs.awaitStatus(client, namespace, "preempted", status -> status.getPhase() != null
                && condition.test(status), TrainingEndToEndTest.RUN_TIMEOUT);
    }
}
