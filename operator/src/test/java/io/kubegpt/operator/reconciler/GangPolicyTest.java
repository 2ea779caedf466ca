package io.kubegpt.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.kubegpt.api.trainer.TrainerEnvironment;
import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.GangInterruption;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.config.OperatorSettings;
import io.kubegpt.operator.dependent.TrainingJob;
import io.kubegpt.operator.dependent.WorkerPod;
import io.kubegpt.operator.observe.NodeLoss;
import io.kubegpt.operator.observe.Observation;
import io.kubegpt.operator.status.Conditions;
import io.kubegpt.operator.status.JobStatusUpdate;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.PodStatuses;
import io.kubegpt.operator.testing.TestSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The gang's decisions as a pure step, pod states in, plan and status out, for each fault a cluster deals out:
 * pods that never start, disruptions, node loss, exit codes across the gang, restarts, deadlines and attempts.
 */
class GangPolicyTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    final GPTPretrain resource = withIdentity(Jobs.with(Jobs.tiny("gpt"), Map.of("workers.replicas", 2,
            "training.batchSize", 8)));
    final TrainingJob job = new PretrainKind().view(resource, TestSettings.DEFAULT);
    GPTJobStatus status = new GPTJobStatus();
    final List<Pod> pods = new ArrayList<>();
    Map<String, NodeLoss> lostNodes = Map.of();
    OperatorSettings settings = TestSettings.DEFAULT;
    JobStatusUpdate update;

    @Test
    void aNewJobCreatesTheWholeGangAndStartsTheDeadlineClock() {
        GangPlan plan = run();

        assertThat(plan.creations()).extracting(pod -> pod.getMetadata().getName())
                .containsExactly("gpt-worker-0", "gpt-worker-1");
        assertThat(update.status().getStartTime()).isEqualTo(NOW.toString());
        assertThat(update.phase()).isEqualTo(Phase.Pending);
    }

    @Test
    void podsJustCreatedAreStarting() {
        status.setPhase(Phase.Pending);
        worker(0, Duration.ofSeconds(1), pod -> new PodStatus());
        worker(1, Duration.ofSeconds(1), pod -> new PodStatus());

        run();

        assertThat(update.phase()).isEqualTo(Phase.Pending);
        assertThat(update.status().getMessage()).isEqualTo("0 of 2 workers running");
        assertThat(condition(Conditions.WORKERS_READY).getReason()).isEqualTo("WorkersStarting");
    }

    @Test
    void everyPodCarriesItsAttemptAndTheJobsUid() {
        status.setRestarts(1);
        status.setDisruptions(2);

        Pod created = run().creations().get(0);

        assertThat(created.getMetadata().getLabels()).containsEntry(TrainingJob.ATTEMPT_LABEL, "3");
        assertThat(Jobs.env(created)).containsEntry(TrainerEnvironment.ATTEMPT, "3")
                .containsEntry(TrainerEnvironment.JOB_UID, "uid-1");
        assertThat(created.getSpec().getTerminationGracePeriodSeconds())
                .isEqualTo(resource.getSpec().getWorkers().getTerminationGracePeriodSeconds());
    }

    @Test
    void anImageThatCannotBePulledShowsThePodTheReasonAndTheKubeletsMessage() {
        status.setPhase(Phase.Pending);
        worker(0, Duration.ofSeconds(60), pod -> PodStatuses.waiting(pod, "ImagePullBackOff",
                "Back-off pulling image \"kubegpt/trainer:nope\""));
        worker(1, Duration.ofSeconds(60), PodStatuses::running);

        GangPlan plan = run();

        Condition ready = condition(Conditions.WORKERS_READY);
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("ImagePullBackOff");
        assertThat(update.status().getMessage()).isEqualTo("1 of 2 workers running; gpt-worker-0: ImagePullBackOff: "
                + "Back-off pulling image \"kubegpt/trainer:nope\"");
        assertThat(plan.recheck()).contains(GangPolicy.WAITING_RECHECK);
        assertThat(plan.creations()).isEmpty();
    }

    @Test
    void anUnschedulablePodSaysWhatTheSchedulerSaid() {
        status.setPhase(Phase.Pending);
        worker(0, Duration.ofSeconds(10), pod -> PodStatuses.unschedulable(
                "0/3 nodes are available: 3 Insufficient nvidia.com/gpu."));
        worker(1, Duration.ofSeconds(10), pod -> PodStatuses.unschedulable("0/3 nodes are available"));

        run();

        assertThat(condition(Conditions.WORKERS_READY).getReason()).isEqualTo("Unschedulable");
        assertThat(update.status().getMessage()).contains("gpt-worker-0: Unschedulable: 0/3 nodes are available: 3 "
                + "Insufficient nvidia.com/gpu.");
    }

    @Test
    void aGangThatDoesNotRunWithinTheStartTimeoutFails() {
        status.setPhase(Phase.Pending);
        worker(0, Duration.ofSeconds(901), pod -> PodStatuses.unschedulable("0/3 nodes are available"));
        worker(1, Duration.ofSeconds(901), PodStatuses::running);

        GangPlan plan = run();

        assertThat(update.phase()).isEqualTo(Phase.Failed);
        assertThat(condition(Conditions.FAILED).getReason()).isEqualTo(Conditions.START_TIMEOUT);
        assertThat(update.status().getMessage()).isEqualTo("1 of 2 workers running after spec.startTimeoutSeconds "
                + "(900 s); gpt-worker-0: Unschedulable: 0/3 nodes are available");
        assertThat(plan.deletions()).as("deleted once the failure is saved").isEmpty();
    }

    @Test
    void beforeTheStartTimeoutTheGangLooksAgainByItself() {
        status.setPhase(Phase.Pending);
        worker(0, Duration.ofSeconds(890), pod -> PodStatuses.unschedulable("0/3 nodes are available"));
        worker(1, Duration.ofSeconds(890), PodStatuses::running);

        assertThat(run().recheck()).contains(Duration.ofSeconds(10));
        assertThat(update.phase()).isEqualTo(Phase.Pending);
    }

    @Test
    void anInvalidImageNameFailsAtOnce() {
        status.setPhase(Phase.Pending);
        worker(0, Duration.ofSeconds(5), pod -> PodStatuses.waiting(pod, "InvalidImageName",
                "couldn't parse image reference \"Kubegpt//x\""));
        worker(1, Duration.ofSeconds(5), PodStatuses::running);

        run();

        assertThat(condition(Conditions.FAILED).getReason()).isEqualTo(Conditions.START_FAILED);
        assertThat(update.status().getMessage()).contains("gpt-worker-0: InvalidImageName", "spec.workers.image");
    }

    @Test
    void aRunningJobWhoseNodeStopsReportingStaysRunningAndSaysSo() {
        status.setPhase(Phase.Running);
        worker(0, Duration.ofHours(1), pod -> PodStatuses.unknown());
        worker(1, Duration.ofHours(1), PodStatuses::running);

        GangPlan plan = run();

        assertThat(update.phase()).isEqualTo(Phase.Running);
        assertThat(condition(Conditions.WORKERS_READY).getStatus()).isEqualTo("False");
        assertThat(update.status().getMessage()).contains("gpt-worker-0: NodeLost");
        assertThat(plan.creations()).isEmpty();
        assertThat(plan.recheck()).isPresent();
    }

    @Test
    void anEvictionIsADisruptionNotAFailure() {
        status.setPhase(Phase.Running);
        worker(0, Duration.ofHours(1), PodStatuses::running);
        worker(1, Duration.ofHours(1), pod -> PodStatuses.disruptionTarget(PodStatuses.terminated(pod,
                TrainerExitCodes.STOPPED, "Error", "stopped at step 40"), "EvictionByEvictionAPI"));

        GangPlan plan = run();

        assertThat(update.phase()).isEqualTo(Phase.Restarting);
        assertThat(update.status().getRestarts()).isZero();
        assertThat(update.status().getDisruptions()).isEqualTo(1);
        assertThat(condition(Conditions.RESTARTING).getReason()).isEqualTo(Conditions.DISRUPTED);
        GangInterruption last = update.status().getLastInterruption();
        assertThat(last.getPod()).isEqualTo("gpt-worker-1");
        assertThat(last.getCounted()).isFalse();
        assertThat(last.getReason()).isEqualTo("EvictionByEvictionAPI");
        assertThat(plan.deletions()).as("the decision is saved before any pod is deleted").isEmpty();
        assertThat(plan.recheck()).contains(GangPolicy.AFTER_STATUS);
    }

    @Test
    void aPodDeletedBySomeoneElseWhileTheGangRunsIsADisruption() {
        status.setPhase(Phase.Running);
        worker(0, Duration.ofHours(1), PodStatuses::running);
        Pod drained = worker(1, Duration.ofHours(1), PodStatuses::running);
        drained.getMetadata().setDeletionTimestamp(NOW.plusSeconds(170).toString());

        run();

        assertThat(update.status().getDisruptions()).isEqualTo(1);
        assertThat(update.status().getRestarts()).isZero();
    }

    @Test
    void aPodGoneWhileTheGangRunsIsADisruption() {
        status.setPhase(Phase.Running);
        worker(0, Duration.ofHours(1), PodStatuses::running);

        GangPlan plan = run();

        assertThat(update.status().getDisruptions()).isEqualTo(1);
        assertThat(update.status().getLastInterruption().getPod()).isEqualTo("gpt-worker-1");
        assertThat(plan.creations()).isEmpty();
    }

    @Test
    void aPodGoneBeforeTheGangRanIsSimplyCreatedAgain() {
        status.setPhase(Phase.Pending);
        worker(0, Duration.ofSeconds(20), PodStatuses::running);

        GangPlan plan = run();

        assertThat(plan.creations()).extracting(pod -> pod.getMetadata().getName()).containsExactly("gpt-worker-1");
        assertThat(update.status().getDisruptions()).isNull();
        assertThat(update.status().getRestarts()).isZero();
    }

    @Test
    void aFailureIsCountedAndTheNextPassDeletesTheGang() {
        status.setPhase(Phase.Running);
        Pod first = worker(0, Duration.ofHours(1), PodStatuses::running);
        worker(1, Duration.ofHours(1), pod -> PodStatuses.terminated(pod, 1, "Error", "Exception in thread main"));

        GangPlan decided = run();

        assertThat(decided.deletions()).isEmpty();
        assertThat(update.status().getRestarts()).isEqualTo(1);
        assertThat(update.status().getLastInterruption().getMessage()).isEqualTo("Exception in thread main");
        assertThat(update.status().getMessage()).contains("gpt-worker-1 exited with code 1", "restart 1 of 3");

        status = update.status();
        GangPlan next = run();
        assertThat(next.deletions()).hasSize(2).contains(first);
        assertThat(update.status().getRestarts()).isEqualTo(1);
    }

    @Test
    void invalidInputOnOneRankWinsOverItsPeersGivingUpInEitherOrder() {
        for (int invalid : new int[] {0, 1}) {
            pods.clear();
            status = new GPTJobStatus();
            status.setPhase(Phase.Running);
            for (int rank : new int[] {0, 1}) {
                int code = rank == invalid ? TrainerExitCodes.INVALID_INPUT : TrainerExitCodes.RANK_FAILED;
                worker(rank, Duration.ofHours(1), pod -> PodStatuses.terminated(pod, code, "Error",
                        code == TrainerExitCodes.INVALID_INPUT ? "spec.data.path: no such file" : "rank 0 failed"));
            }

            run();

            assertThat(condition(Conditions.FAILED).getReason()).isEqualTo(Conditions.INVALID_INPUT);
            assertThat(update.status().getMessage()).contains("gpt-worker-" + invalid, "spec.data.path");
            assertThat(update.status().getRestarts()).isZero();
        }
    }

    @Test
    void aRankThatGaveUpWaitsForItsRunningPeersToSayWhyBeforeTheGangRestarts() {
        status.setPhase(Phase.Running);
        Pod gaveUp = worker(0, Duration.ofHours(1), pod -> PodStatuses.terminated(pod, TrainerExitCodes.RANK_FAILED,
                "Error", "rank 1 stopped answering"));
        worker(1, Duration.ofHours(1), PodStatuses::running);
        gaveUp.getStatus().getContainerStatuses().get(0).getState().getTerminated()
                .setFinishedAt(NOW.minusSeconds(1).toString());

        GangPlan waiting = run();
        assertThat(update.phase()).isEqualTo(Phase.Running);
        assertThat(waiting.recheck()).contains(settings.peerSettle().minusSeconds(1));

        gaveUp.getStatus().getContainerStatuses().get(0).getState().getTerminated()
                .setFinishedAt(NOW.minus(settings.peerSettle()).toString());
        run();
        assertThat(update.phase()).isEqualTo(Phase.Restarting);
        assertThat(update.status().getLastInterruption().getPod()).isEqualTo("gpt-worker-0");
        assertThat(update.status().getRestarts()).isEqualTo(1);
    }

    @Test
    void anOutOfMemoryKillIsTheCauseRatherThanThePeerThatGaveUp() {
        status.setPhase(Phase.Running);
        worker(0, Duration.ofHours(1), pod -> PodStatuses.terminated(pod, TrainerExitCodes.RANK_FAILED, "Error",
                "rank 1 failed"));
        worker(1, Duration.ofHours(1), pod -> PodStatuses.terminated(pod, 137, "OOMKilled", null));

        run();

        assertThat(update.status().getLastInterruption().getPod()).isEqualTo("gpt-worker-1");
        assertThat(update.status().getMessage()).contains("OOMKilled", "spec.workers.resources.limits.memory");
        assertThat(update.status().getRestarts()).isEqualTo(1);
    }

    @Test
    void aRankOutOfHeapIsTheCauseAndTheStatusSaysWhatToRaise() {
        status.setPhase(Phase.Running);
        worker(0, Duration.ofHours(1), pod -> PodStatuses.terminated(pod, TrainerExitCodes.RANK_FAILED, "Error",
                "rank 1 failed"));
        worker(1, Duration.ofHours(1), pod -> PodStatuses.terminated(pod, TrainerExitCodes.OUT_OF_MEMORY, "Error",
                "error: rank 1 ran out of memory (Java heap space) with a maximum Java heap of 512 MiB"));

        run();

        assertThat(update.status().getLastInterruption().getPod()).isEqualTo("gpt-worker-1");
        assertThat(update.status().getMessage()).contains("exited with code 7 (the trainer ran out of memory: raise "
                + "spec.workers.resources.limits.memory or lower spec.training.batchSize)", "rank 1", "512 MiB");
        assertThat(update.status().getRestarts()).isEqualTo(1);
    }

    @Test
    void aRankGivingUpOnAPeerTheApiServerRefusedIsNotCounted() {
        status.setPhase(Phase.Pending);
        update = new JobStatusUpdate(status, 1, NOW.minusSeconds(60));
        update.condition(Conditions.CREATION_REFUSED, true, Conditions.CREATION_REFUSED, "quota");
        status = update.status();
        worker(0, Duration.ofSeconds(60), pod -> PodStatuses.terminated(pod, TrainerExitCodes.RANK_FAILED, "Error",
                "rank 1 never joined"));

        run();

        assertThat(update.status().getRestarts()).isZero();
        assertThat(update.status().getDisruptions()).isEqualTo(1);
        assertThat(update.status().getLastInterruption().getCounted()).isFalse();
    }

    @Test
    void theBackoffDelayCountsFromEachRestartDecision() {
        settings = new TestSettings("trainer", "trainer-cuda", Duration.ofSeconds(10), Duration.ofMinutes(5));
        status.setPhase(Phase.Restarting);
        status.setRestarts(2);
        update = new JobStatusUpdate(status, 1, NOW.minusSeconds(3600));
        update.condition(Conditions.RESTARTING, true, Conditions.WORKER_FAILED, "an hour ago");
        status = update.status();
        status.setLastInterruption(interruption(NOW.minusSeconds(5), true));

        GangPlan plan = run();

        assertThat(plan.creations()).isEmpty();
        assertThat(plan.recheck()).contains(Duration.ofSeconds(20 - 5));
    }

    @Test
    void aDisruptionRestartsAtOnceWhenThePodsAreGone() {
        status.setPhase(Phase.Restarting);
        status.setDisruptions(1);
        status.setLastInterruption(interruption(NOW.minusMillis(10), false));

        GangPlan plan = run();

        assertThat(plan.creations()).hasSize(2);
        assertThat(plan.creations().get(0).getMetadata().getLabels()).containsEntry(TrainingJob.ATTEMPT_LABEL, "1");
        assertThat(update.phase()).isEqualTo(Phase.Pending);
    }

    @Test
    void disruptionsAfterTheFirstWaitLongerEachTime() {
        settings = new TestSettings("trainer", "trainer-cuda", Duration.ofSeconds(10), Duration.ofMinutes(5));
        status.setPhase(Phase.Running);
        status.setDisruptions(2);
        worker(0, Duration.ofHours(1), pod -> PodStatuses.terminated(pod, TrainerExitCodes.STOPPED, "Error",
                "stopped on request at step 0"));
        worker(1, Duration.ofHours(1), PodStatuses::running);

        run();
        assertThat(update.phase()).isEqualTo(Phase.Restarting);
        assertThat(update.status().getDisruptions()).isEqualTo(3);
        assertThat(update.status().getMessage()).contains("in 20 s (disruption 3 of 20");

        status = update.status();
        status.setLastInterruption(interruption(NOW.minusSeconds(5), false));
        pods.clear();
        GangPlan waiting = run();
        assertThat(waiting.creations()).isEmpty();
        assertThat(waiting.recheck()).contains(Duration.ofSeconds(20 - 5));
    }

    @Test
    void theDisruptionLimitEndsAGangThatKeepsStopping() {
        status.setPhase(Phase.Running);
        status.setDisruptions(settings.disruptionLimit());
        worker(0, Duration.ofHours(1), pod -> PodStatuses.terminated(pod, TrainerExitCodes.STOPPED, "Error",
                "stopped on request at step 0"));
        worker(1, Duration.ofHours(1), PodStatuses::running);

        run();

        assertThat(update.phase()).isEqualTo(Phase.Failed);
        assertThat(condition(Conditions.FAILED).getReason()).isEqualTo(Conditions.DISRUPTION_LIMIT_EXCEEDED);
        assertThat(update.status().getMessage()).contains("gpt-worker-0 stopped on request",
                "disruption limit (20) used");
        assertThat(update.status().getDisruptions()).isEqualTo(settings.disruptionLimit());
    }

    @Test
    void aPodStuckTerminatingOnALostNodeIsRemovedByForce() {
        status.setPhase(Phase.Restarting);
        status.setRestarts(1);
        status.setLastInterruption(interruption(NOW.minusSeconds(400), true));
        Pod stuck = worker(0, Duration.ofHours(1), PodStatuses::running);
        stuck.getSpec().setNodeName("worker-a");
        stuck.getMetadata().setDeletionTimestamp(NOW.minusSeconds(60).toString());
        lostNodes = Map.of("worker-a", NodeLoss.GONE);

        GangPlan plan = run();

        assertThat(plan.forceDeletions()).containsExactly(stuck);
        assertThat(plan.creations()).as("the new gang waits for the old one to be gone").isEmpty();
    }

    @Test
    void aPodStuckTerminatingOnANodeThatIsOnlyNotReadyIsRemovedByForceOnlyLongAfterItsGracePeriod() {
        settings = TestSettings.DEFAULT.withNotReadyNodeGrace(Duration.ofMinutes(5));
        status.setPhase(Phase.Restarting);
        Pod stuck = worker(0, Duration.ofHours(1), PodStatuses::running);
        stuck.getSpec().setNodeName("worker-a");
        stuck.getMetadata().setDeletionTimestamp(NOW.minusSeconds(60).toString());
        lostNodes = Map.of("worker-a", NodeLoss.NOT_READY);

        GangPlan partitioned = run();
        assertThat(partitioned.forceDeletions()).as("its trainer may still run behind a partition").isEmpty();
        assertThat(partitioned.recheck()).contains(Duration.ofMinutes(4));

        stuck.getMetadata().setDeletionTimestamp(NOW.minusSeconds(300).toString());
        assertThat(run().forceDeletions()).containsExactly(stuck);
    }

    @Test
    void aPodStuckTerminatingOnANodeOutOfServiceIsRemovedByForceWithoutTheNotReadyWait() {
        settings = TestSettings.DEFAULT.withNotReadyNodeGrace(Duration.ofMinutes(5));
        status.setPhase(Phase.Restarting);
        Pod stuck = worker(0, Duration.ofHours(1), PodStatuses::running);
        stuck.getSpec().setNodeName("worker-a");
        stuck.getMetadata().setDeletionTimestamp(NOW.minusSeconds(60).toString());
        lostNodes = Map.of("worker-a", NodeLoss.OUT_OF_SERVICE);

        assertThat(run().forceDeletions()).containsExactly(stuck);
    }

    @Test
    void aPodTerminatingOnAHealthyNodeIsWaitedFor() {
        status.setPhase(Phase.Restarting);
        Pod slow = worker(0, Duration.ofHours(1), PodStatuses::running);
        slow.getSpec().setNodeName("worker-b");
        slow.getMetadata().setDeletionTimestamp(NOW.minusSeconds(60).toString());

        GangPlan plan = run();

        assertThat(plan.forceDeletions()).isEmpty();
        assertThat(plan.recheck()).contains(GangPolicy.WAITING_RECHECK);
    }

    @Test
    void aPodWithinItsGracePeriodIsLookedAtAgainWhenItEnds() {
        status.setPhase(Phase.Restarting);
        Pod stopping = worker(0, Duration.ofHours(1), PodStatuses::running);
        stopping.getSpec().setNodeName("worker-a");
        stopping.getMetadata().setDeletionTimestamp(NOW.plusSeconds(100).toString());
        lostNodes = Map.of("worker-a", NodeLoss.GONE);

        GangPlan plan = run();

        assertThat(plan.forceDeletions()).isEmpty();
        assertThat(plan.recheck()).contains(Duration.ofSeconds(100).plus(settings.terminationSlack()));
    }

    @Test
    void podsOfAnEarlierAttemptAreDeletedBeforeTheNewGangIsMade() {
        status.setPhase(Phase.Pending);
        status.setRestarts(1);
        Pod stale = worker(0, Duration.ofMinutes(5), PodStatuses::running);
        stale.getMetadata().getLabels().put(TrainingJob.ATTEMPT_LABEL, "0");

        GangPlan plan = run();

        assertThat(plan.deletions()).containsExactly(stale);
        assertThat(plan.creations()).isEmpty();
    }

    @Test
    void theDeadlineDoesNotCountTimeSuspended() {
        resource.getSpec().setActiveDeadlineSeconds(600L);
        status.setPhase(Phase.Suspended);
        status.setStartTime(NOW.minusSeconds(1000).toString());
        update = new JobStatusUpdate(status, 1, NOW.minusSeconds(500));
        update.condition(Conditions.SUSPENDED, true, "Suspended", "spec.suspend is true");
        status = update.status();

        GangPlan plan = run();

        assertThat(update.status().getSuspendedSeconds()).isEqualTo(500);
        assertThat(update.phase()).isEqualTo(Phase.Pending);
        assertThat(plan.recheck()).isPresent().get().isEqualTo(Duration.ofSeconds(30));

        status = update.status();
        status.setSuspendedSeconds(300L);
        status.setPhase(Phase.Running);
        GangPlan late = run();
        assertThat(update.phase()).isEqualTo(Phase.Failed);
        assertThat(condition(Conditions.FAILED).getReason()).isEqualTo(Conditions.DEADLINE_EXCEEDED);
        assertThat(late.creations()).isEmpty();
    }

    @Test
    void suspendDeletesThePodsWithTheirGracePeriodAndSaysTheyAreStopping() {
        status.setPhase(Phase.Running);
        worker(0, Duration.ofHours(1), PodStatuses::running);
        worker(1, Duration.ofHours(1), PodStatuses::running);

        GangPlan plan = policy().suspend();

        assertThat(plan.deletions()).hasSize(2);
        assertThat(plan.forceDeletions()).isEmpty();
        assertThat(update.phase()).isEqualTo(Phase.Suspended);
        assertThat(update.status().getMessage()).contains("save a checkpoint");
    }

    @Test
    void anEvictedJobStopsItsPodsGracefullyAndIsQueuedWithoutCounting() {
        status.setPhase(Phase.Running);
        update = new JobStatusUpdate(status, 1, NOW);
        update.condition(Conditions.RESTARTING, true, Conditions.DISRUPTED, "restarting");
        status = update.status();
        worker(0, Duration.ofHours(1), PodStatuses::running);
        worker(1, Duration.ofHours(1), PodStatuses::running);

        GangPlan plan = policy().queued("Preempted", "Kueue evicted Workload w: preempted");

        assertThat(plan.deletions()).hasSize(2);
        assertThat(plan.forceDeletions()).isEmpty();
        assertThat(plan.creations()).isEmpty();
        assertThat(update.phase()).isEqualTo(Phase.Queued);
        assertThat(update.status().getMessage()).startsWith("Kueue evicted Workload w: preempted")
                .contains("save a checkpoint");
        assertThat(update.status().getRestarts()).isZero();
        assertThat(update.status().getDisruptions()).isNull();
        assertThat(condition(Conditions.RESTARTING).getStatus()).isEqualTo("False");
        assertThat(update.transitions()).singleElement().satisfies(t -> assertThat(t.reason()).isEqualTo("Preempted"));
    }

    @Test
    void aFinishedJobDeletesPodsStillRunningAndKeepsEndedOnesForTheirLogsUntilItsTtl() {
        resource.getSpec().setTtlSecondsAfterFinished(60L);
        status.setPhase(Phase.Failed);
        status.setCompletionTime(NOW.minusSeconds(10).toString());
        Pod failed = worker(0, Duration.ofHours(1), pod -> PodStatuses.terminated(pod, 2, "Error", "bad"));
        Pod running = worker(1, Duration.ofHours(1), PodStatuses::running);

        GangPlan plan = policy().finished();
        assertThat(plan.deletions()).containsExactly(running);
        assertThat(plan.recheck()).contains(Duration.ofSeconds(50));

        status.setCompletionTime(NOW.minusSeconds(61).toString());
        assertThat(policy().finished().deletions()).contains(failed, running);
    }

    private GangPlan run() {
        return policy().run();
    }

    private GangPolicy policy() {
        update = new JobStatusUpdate(status, 1, NOW);
        Map<Integer, Pod> workers = new TreeMap<>();
        for (Pod pod : pods) {
            workers.put(Integer.parseInt(pod.getMetadata().getLabels().get(TrainingJob.RANK_LABEL)), pod);
        }
        Observation observed = new Observation(Map.of(), workers, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), lostNodes, List.of());
        return new GangPolicy(job, observed, update, settings);
    }

    /** The worker pod as the operator made it for the current attempt, created {@code age} ago. */
    private Pod worker(int index, Duration age, Function<Pod, PodStatus> state) {
        Pod desired = new WorkerPod(index).desired(job.withAttempt(status.attempt()));
        Pod pod = new PodBuilder(desired).editMetadata().withCreationTimestamp(NOW.minus(age).toString())
                .endMetadata().build();
        pod.setStatus(state.apply(pod));
        pods.add(pod);
        return pod;
    }

    private Condition condition(String type) {
        return update.status().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + update.status().getConditions()));
    }

    private static GangInterruption interruption(Instant time, boolean counted) {
        GangInterruption interruption = new GangInterruption();
        interruption.setTime(time.toString());
        interruption.setCounted(counted);
        return interruption;
    }

    private static GPTPretrain withIdentity(GPTPretrain job) {
        job.getMetadata().setNamespace("ml");
        job.getMetadata().setUid("uid-1");
        return job;
    }
}
