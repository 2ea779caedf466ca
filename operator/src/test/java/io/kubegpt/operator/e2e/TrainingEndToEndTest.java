package io.kubegpt.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.status.Conditions;
import io.kubegpt.operator.testing.FaultTable;
import io.kubegpt.operator.testing.Edits;
import io.kubegpt.operator.testing.FreePorts;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.KubeletStandIn;
import io.kubegpt.operator.testing.RunningOperator;
import io.kubegpt.operator.testing.TestCluster;
import io.kubegpt.operator.testing.TestSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test: the operator in this JVM, a real kube-apiserver, and {@link KubeletStandIn} running the real
 * trainer jar for every pod. The tiny example, made smaller and shorter, trains to the end with progress, checkpoints
 * and benchmark in its status; survives a killed worker by restarting the gang from the checkpoint; and continues
 * from the checkpoint after a suspend; and a GPTFinetune applied with it waits for it to succeed, then fine-tunes its
 * final checkpoint to a task score in status. {@code -Dkubegpt.e2e.workers=N} runs N data-parallel workers.
 */
class TrainingEndToEndTest {

    static final int WORKERS = Integer.getInteger("kubegpt.e2e.workers", 2);
    static final Path TRAINER_JAR = Path.of("..", "trainer", "target", "kubegpt-trainer.jar").toAbsolutePath();
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(150);
    static final long STEPS = 60;
    static final long FINETUNE_STEPS = 8;

    @TempDir
    static Path work;
    static KubernetesClient client;
    static String namespace;
    static RunningOperator operator;
    static KubeletStandIn kubelet;
    static final FaultTable FAULTS = new FaultTable();

    @BeforeAll
    static void start() {
        assertThat(TRAINER_JAR).as("the trainer jar; build it first: mvn -pl crds,trainer install -DskipTests")
                .exists();
        client = TestCluster.get().client();
        namespace = TestCluster.get().newNamespace("e2e");
        operator = RunningOperator.start(TestSettings.DEFAULT, namespace);
        // progress every 200 ms: the tiny jobs train in seconds
        kubelet = new KubeletStandIn(client, namespace, work, TRAINER_JAR,
                Map.of("KUBEGPT_PROGRESS_INTERVAL_MS", "200"));
    }

    @AfterAll
    static void stop() {
        kubelet.close();
        operator.close();
        FAULTS.write(Path.of("target", "fault-battery.md"));
    }

    /**
     * The tiny example, small and short enough to train in seconds on one core. Every rank of the stand-in runs on
     * this machine, so each job's rendezvous gets a port of its own.
     */
    static GPTPretrain job(String name) {
        GPTPretrain job = Jobs.with(Jobs.small(name, WORKERS, STEPS), Map.of("evaluation.everySteps", 20,
                "checkpoint.everySteps", 10, "workers.masterPort", FreePorts.next()));
        job.getMetadata().setNamespace(namespace);
        return job;
    }


    @Test
    void theTinyExampleTrainsToTheEnd() {
        client.resource(job("plain")).create();

        List<GPTJobStatus> seen = new ArrayList<>();
        GPTJobStatus done = awaitStatus("plain", status -> {
            seen.add(status);
            return status.getPhase().isFinished();
        });

        assertThat(done.getPhase()).as(done.getMessage()).isEqualTo(Phase.Succeeded);
        assertThat(seen).as("progress reported while running").anyMatch(status -> status.getPhase() == Phase.Running
                && status.getProgress() != null && status.getProgress().getStep() > 0
                && status.getProgress().getStep() < STEPS);
        assertThat(done.getProgress().getStep()).isEqualTo(STEPS);
        assertThat(done.getProgress().getTotalSteps()).isEqualTo(STEPS);
        assertThat(done.getProgress().getLoss()).isPositive().isLessThan(Math.log(260));
        assertThat(done.getCheckpoints().getLatest().getStep()).isEqualTo(STEPS);
        assertThat(done.getCheckpoints().getKept()).isNotEmpty();
        assertThat(done.getBenchmark().getPerplexity()).isPositive();
        assertThat(done.getBenchmark().getTokensPerSecond()).isPositive();
        assertThat(done.getBenchmark().getParameters()).isPositive();
        assertThat(done.getRestarts()).isZero();
        assertThat(done.getWorkers().getTotal()).isEqualTo(WORKERS);
    }

    @Test
    void aKilledWorkerRestartsTheGangFromTheCheckpoint() {
        client.resource(job("killed")).create();
        awaitCheckpoint("killed");
        // midway between two checkpoints, so the kill costs what a kill costs: the steps since the last one
        long reached = awaitStatus("killed", status -> status.getProgress() != null
                && status.getProgress().getStep() != null && status.getProgress().getStep() % 10 >= 5)
                .getProgress().getStep();
        long latest = latestCheckpoint("killed");
        kubelet.kill("killed-worker-0");

        GPTJobStatus done = awaitStatus("killed", status -> status.getPhase().isFinished());

        assertThat(done.getPhase()).as(done.getMessage()).isEqualTo(Phase.Succeeded);
        assertThat(done.getRestarts()).isEqualTo(1);
        assertThat(done.getLastInterruption().getExitCode()).isEqualTo(137);
        assertThat(done.getProgress().getStep()).isEqualTo(STEPS);
        assertThat(record("worker 0 killed (SIGKILL, as by an OOM kill)", "Restarting (WorkerFailed), then Succeeded",
                done, latest, reached, "killed")).as("steps since the last checkpoint").isPositive();
    }

    @Test
    void suspendAndResumeContinueFromTheStepItStopped() {
        client.resource(job("paused")).create();
        long latest = awaitCheckpoint("paused");
        long reached = reportedStep("paused");
        setSuspend("paused", true);
        awaitStatus("paused", status -> status.getPhase() == Phase.Suspended);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.pods().inNamespace(namespace).withName("paused-worker-0").get() == null);

        setSuspend("paused", false);
        GPTJobStatus done = awaitStatus("paused", status -> status.getPhase().isFinished());

        assertThat(done.getPhase()).as(done.getMessage()).isEqualTo(Phase.Succeeded);
        assertThat(done.getRestarts()).isZero();
        assertThat(kubelet.logs("paused-worker-0").get(0)).contains("stopped on request at step");
        assertThat(record("suspend, then resume", "Suspended, then Succeeded", done, latest, reached, "paused")).isZero();
    }

    @Test
    void aDrainedWorkerRestartsTheGangWithoutCountingOrLosingSteps() {
        client.resource(job("drained")).create();
        long latest = awaitCheckpoint("drained");
        long reached = reportedStep("drained");
        client.pods().inNamespace(namespace).withName("drained-worker-" + (WORKERS - 1)).delete();

        GPTJobStatus done = awaitStatus("drained", status -> status.getPhase().isFinished());

        assertThat(done.getPhase()).as(done.getMessage()).isEqualTo(Phase.Succeeded);
        assertThat(done.getRestarts()).isZero();
        assertThat(done.getDisruptions()).isEqualTo(1);
        assertThat(done.getCheckpoints().getLatest().getAttempt()).isEqualTo(1);
        assertThat(kubelet.logs("drained-worker-0").get(0)).contains("stopped on request at step");
        assertThat(record("worker " + (WORKERS - 1) + " deleted (a drain: SIGTERM, grace period)",
                "Restarting (Disrupted), then Succeeded", done, latest, reached, "drained")).isZero();
    }

    @Test
    void aFinetuneRunsOnThePretrainItWaitedFor() {
        client.resource(Jobs.with(job("base"), Map.of("training.steps", 20, "evaluation.everySteps", 10)))
                .create();
        GPTFinetune finetune = Jobs.with(Jobs.classification("sentiment", "base"), Map.of(
                "training.epochs", 1, "training.steps", FINETUNE_STEPS, "training.batchSize", 8,
                "workers.masterPort", FreePorts.next()));
        finetune.getMetadata().setNamespace(namespace);
        client.resource(finetune).create();

        GPTJobStatus waiting = awaitFinetune("sentiment", status -> status.getConditions() != null
                && status.getConditions().stream().anyMatch(c -> Conditions.WAITING_FOR_BASE.equals(c.getType())
                        && "True".equals(c.getStatus())));
        assertThat(waiting.getPhase()).isEqualTo(Phase.Pending);
        GPTJobStatus base = awaitStatus("base", status -> status.getPhase().isFinished());
        assertThat(base.getPhase()).as(base.getMessage()).isEqualTo(Phase.Succeeded);
        GPTJobStatus done = awaitFinetune("sentiment", status -> status.getPhase().isFinished());

        assertThat(done.getPhase()).as(done.getMessage()).isEqualTo(Phase.Succeeded);
        assertThat(done.getProgress().getStep()).isEqualTo(FINETUNE_STEPS);
        assertThat(done.getCheckpoints().getLatest().getStep()).isEqualTo(FINETUNE_STEPS);
        assertThat(done.getBenchmark().getMetric()).isEqualTo("accuracy");
        assertThat(done.getBenchmark().getScore()).isBetween(0.0, 1.0);
        assertThat(done.getBenchmark().getAccuracy()).isEqualTo(done.getBenchmark().getScore());
        assertThat(done.getBenchmark().getF1()).isNotNull();
        assertThat(kubelet.logs("sentiment-worker-0")).singleElement().asString()
                .contains("starting from " + kubelet.claim("base-checkpoints").resolve("base").resolve("checkpoints")
                        .resolve("step-"));
    }

    private static long record(String fault, String seen, GPTJobStatus done, long latestBefore, long reachedBefore,
            String name) {
        return FAULTS.addSurvived(fault, seen, done, latestBefore, reachedBefore, kubelet.logs(name + "-worker-0"),
                STEPS);
    }

    /** The step the job's status last reported: at least as far as it trained. */
    private static long reportedStep(String name) {
        GPTJobStatus status = client.resources(GPTPretrain.class).inNamespace(namespace).withName(name).get()
                .getStatus();
        return status.getProgress() == null || status.getProgress().getStep() == null ? 0
                : status.getProgress().getStep();
    }

    /** Waits for the first checkpoint and returns the step of the latest one at that moment. */
    private static long awaitCheckpoint(String name) {
        return Jobs.awaitCheckpoint(runFolder(name), RUN_TIMEOUT);
    }

    private static long latestCheckpoint(String name) {
        return Jobs.latestCheckpoint(runFolder(name));
    }

    private static Path runFolder(String name) {
        return kubelet.claim(name + "-checkpoints").resolve(name);
    }

    private static void setSuspend(String name, boolean suspend) {
        Edits.edit(client.resources(GPTPretrain.class).inNamespace(namespace).withName(name), job -> {
            job.getSpec().setSuspend(suspend);
            return job;
        });
    }

    private static GPTJobStatus awaitFinetune(String name, Predicate<GPTJobStatus> condition) {
        return await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
            GPTFinetune job = client.resources(GPTFinetune.class).inNamespace(namespace).withName(name).get();
            return job.getStatus();
        }, status -> status != null && status.getPhase() != null && condition.test(status));
    }

    private static GPTJobStatus awaitStatus(String name, Predicate<GPTJobStatus> condition) {
        return await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
            GPTPretrain job = client.resources(GPTPretrain.class).inNamespace(namespace).withName(name).get();
            return job.getStatus();
        }, status -> status != null && status.getPhase() != null && condition.test(status));
    }
}
