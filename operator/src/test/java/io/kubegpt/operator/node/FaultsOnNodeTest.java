package io.kubegpt.operator.node;

import static io.kubegpt.operator.testing.OperatorNamespace.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubegpt.api.trainer.CudaTargets;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.status.Conditions;
import io.kubegpt.operator.testing.Edits;
import io.kubegpt.operator.testing.FaultTable;
import io.kubegpt.operator.testing.Jobs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault battery on the real node: what the kubelet, the kernel, the scheduler and containerd do, not what a test
 * writes into a pod's status. Each fault's cost goes into {@code target/node-fault-battery.md}: the status seen,
 * restarts counted against the backoff limit, disruptions that were not, checkpoints and steps lost.
 */
class FaultsOnNodeTest {

    static final long STEPS = 200;
    static final FaultTable FAULTS = new FaultTable();
    static NodeJobs jobs;

    @BeforeAll
    static void start() {
        jobs = new NodeJobs("faults");
    }

    /** Each fault on a node of its own: no job of one holds CPUs or the GPU that the next one asks for. */
    @AfterEach
    void deleteJobs() {
        jobs.deleteAll();
    }

    @AfterAll
    static void write() {
        FAULTS.write(Path.of("target", "node-fault-battery.md"));
    }

    @Test
    void aDeletedWorkerStopsGracefullyAndTheGangResumesWithoutCounting() {
        survive("deleted", "worker 1 deleted (the kubelet's SIGTERM and grace period)", "Restarting (Disrupted), then "
                + "Succeeded", name -> {
                    jobs.client.pods().inNamespace(jobs.namespace).withName(name + "-worker-1").delete();
                }, done -> {
                    assertThat(done.getRestarts()).isZero();
                    assertThat(done.getDisruptions()).isEqualTo(1);
                });
    }

    @Test
    void aWorkerKilledBySigkillRestartsTheGangCountingOnce() {
        survive("killed", "worker 0's process killed (SIGKILL)", "Restarting (WorkerFailed), then Succeeded", name -> {
            jobs.node.killContainer(jobs.awaitRunningPod(name + "-worker-0"));
        }, done -> {
            assertThat(done.getRestarts()).isEqualTo(1);
            assertThat(done.getLastInterruption().getExitCode()).isEqualTo(137);
        });
    }

    @Test
    void anEvictionIsADisruptionNotAFailure() {
        survive("evicted", "worker 0 evicted (Eviction API)", "Restarting (Disrupted), then Succeeded", name -> {
            assertThat(jobs.client.pods().inNamespace(jobs.namespace).withName(name + "-worker-0").evict()).isTrue();
        }, done -> {
            assertThat(done.getRestarts()).isZero();
            assertThat(done.getDisruptions()).isEqualTo(1);
        });
    }

    @Test
    void suspendThenResumeContinuesFromTheStepItStopped() {
        survive("paused", "suspend, then resume", "Suspended, then Succeeded", name -> {
            setSuspend(name, true);
            jobs.awaitStatus(name, s -> s.getPhase() == Phase.Suspended);
            await().atMost(NodeJobs.TIMEOUT).until(() -> jobs.client.pods().inNamespace(jobs.namespace)
                    .withName(name + "-worker-0").get() == null);
            setSuspend(name, false);
        }, done -> assertThat(done.getRestarts()).isZero());
    }

    @Test
    void aMemoryLimitExceededIsTheKernelsOomKill() {
        GPTPretrain job = Jobs.with(jobs.job("oom", 1, STEPS), Map.of("backoffLimit", 0,
                "workers.resources", Map.of("requests", Map.of("cpu", "250m", "memory", "200Mi"),
                        "limits", Map.of("memory", "200Mi"))));
        jobs.create(job);

        GPTJobStatus failed = jobs.awaitStatus("oom", s -> s.getPhase() == Phase.Failed);
        assertThat(failed.getMessage()).contains("OOMKilled");
        assertThat(failed.getLastInterruption().getExitCode()).isEqualTo(137);
        FAULTS.add(new FaultTable.Row("memory limit exceeded (200Mi: the kernel's OOM kill)", "Failed ("
                + condition(failed, Conditions.FAILED).getReason() + "): " + firstLine(failed.getMessage()), failed.getRestarts(), zeroIfNull(failed.getDisruptions()), 0, 0));
    }

    @Test
    void anImageThatDoesNotExistIsShownThenTheStartTimeoutFailsTheJob() {
        GPTPretrain job = Jobs.with(jobs.job("noimage", 1, STEPS), Map.of("startTimeoutSeconds", 15,
                "workers.image", "kubegpt.local/no-such-trainer:1"));
        jobs.create(job);

        GPTJobStatus waiting = jobs.awaitStatus("noimage", s -> s.getMessage() != null
                && (s.getMessage().contains("ErrImagePull") || s.getMessage().contains("ImagePullBackOff")));
        assertThat(waiting.getPhase()).isEqualTo(Phase.Pending);
        GPTJobStatus failed = jobs.awaitStatus("noimage", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.START_TIMEOUT);
        assertThat(failed.getMessage()).contains("spec.startTimeoutSeconds (15 s)");
        FAULTS.add(new FaultTable.Row("an image that does not exist", "Pending (" + firstLine(waiting.getMessage())
                + "), then Failed (StartTimeout)", failed.getRestarts(), zeroIfNull(failed.getDisruptions()), 0, 0));
    }

    @Test
    void moreWorkersThanTheNodeHoldsWaitWithTheSchedulersReason() {
        GPTPretrain job = Jobs.with(jobs.job("toobig", 3, STEPS), Map.of("training.batchSize", 12,
                "workers.resources", Map.of("requests", Map.of("cpu", "1", "memory", "1Gi"))));
        jobs.create(job);

        // first the scheduler waits for the claim to be bound, then it finds too few CPUs
        GPTJobStatus pending = jobs.awaitStatus("toobig", s -> s.getMessage() != null
                && s.getMessage().contains("Insufficient cpu"));
        assertThat(pending.getPhase()).isEqualTo(Phase.Pending);
        assertThat(pending.getMessage()).contains("Unschedulable", "0/1 nodes are available");
        FAULTS.add(new FaultTable.Row("3 workers of 1 CPU on a 2-CPU node", "Pending (" + firstLine(pending.getMessage())
                + ")", pending.getRestarts(), zeroIfNull(pending.getDisruptions()), 0, 0));
    }

    @Test
    void gpuWorkersArePlacedOnlyOnAGpuTheImageRuns() {
        String major = "nvidia.com/gpu.compute.major";
        Node node = jobs.client.nodes().withName("node1").get();
        node.getStatus().getCapacity().put("nvidia.com/gpu", new Quantity("2"));
        node.getStatus().getAllocatable().put("nvidia.com/gpu", new Quantity("2"));
        jobs.client.nodes().resource(node).updateStatus();
        try {
            label(major, String.valueOf(CudaTargets.HIGHEST_MAJOR));
            jobs.create(gpuJob("ampere"));
            Pod placed = await().atMost(NodeJobs.TIMEOUT).until(() -> jobs.client.pods().inNamespace(jobs.namespace)
                    .withName("ampere-worker-0").get(), p -> p != null && p.getSpec().getNodeName() != null);
            assertThat(placed.getSpec().getNodeName()).isEqualTo("node1");
            jobs.deleteAll();

            label(major, "9");
            jobs.create(gpuJob("hopper"));
            GPTJobStatus pending = jobs.awaitStatus("hopper", s -> s.getMessage() != null
                    && s.getMessage().contains("node affinity"));
            assertThat(pending.getMessage()).contains("Unschedulable", "0/1 nodes are available");
            assertThat(jobs.client.pods().inNamespace(jobs.namespace).withName("hopper-worker-0").get().getSpec()
                    .getNodeName()).isNull();
            FAULTS.add(new FaultTable.Row("a GPU job on a node labelled compute capability 9 (Hopper)", "Pending ("
                    + firstLine(pending.getMessage()) + "); on compute capability " + CudaTargets.HIGHEST_MAJOR
                    + " the same job's pod was placed", pending.getRestarts(), zeroIfNull(pending.getDisruptions()), 0,
                    0));
        } finally {
            jobs.client.nodes().withName("node1").edit(n -> {
                n.getMetadata().getLabels().remove(major);
                return n;
            });
            Node now = jobs.client.nodes().withName("node1").get();
            now.getStatus().getCapacity().remove("nvidia.com/gpu");
            now.getStatus().getAllocatable().remove("nvidia.com/gpu");
            jobs.client.nodes().resource(now).updateStatus();
        }
    }

    private GPTPretrain gpuJob(String name) {
        return Jobs.with(jobs.job(name, 1, STEPS), Map.of("workers.gpusPerWorker", 1));
    }

    private void label(String key, String value) {
        jobs.client.nodes().withName("node1").edit(n -> {
            n.getMetadata().getLabels().put(key, value);
            return n;
        });
    }

    /**
     * Starts a job, waits for its first checkpoint and a step past it, deals the fault, and checks that the job
     * succeeds from a checkpoint, recording the row.
     */
    private void survive(String name, String fault, String seen, Consumer<String> deal,
            Consumer<GPTJobStatus> check) {
        try (PodLogs logs = new PodLogs(jobs.client, jobs.namespace, name)) {
            jobs.create(jobs.job(name, 2, STEPS));
            long latest = jobs.awaitCheckpoint(name);
            long reached = jobs.awaitStatus(name, s -> s.getProgress() != null && s.getProgress().getStep() != null
                    && s.getProgress().getStep() > latest).getProgress().getStep();
            deal.accept(name);

            GPTJobStatus done = jobs.awaitStatus(name, s -> s.getPhase().isFinished());
            assertThat(done.getPhase()).as(done.getMessage()).isEqualTo(Phase.Succeeded);
            assertThat(done.getProgress().getStep()).isEqualTo(STEPS);
            check.accept(done);
            FAULTS.addSurvived(fault, seen, done, latest, reached, logs.of(name + "-worker-0"), STEPS);
        }
    }

    private static void setSuspend(String name, boolean suspend) {
        Edits.edit(jobs.client.resources(GPTPretrain.class).inNamespace(jobs.namespace).withName(name), job -> {
            job.getSpec().setSuspend(suspend);
            return job;
        });
    }

    private static String firstLine(String message) {
        return message.lines().findFirst().orElse("").replace("|", "/");
    }

    private static int zeroIfNull(Integer value) {
        return value == null ? 0 : value;
    }
}
