package io.kubegpt.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GangInterruption;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.api.v1alpha1.WorkerCounts;
import io.kubegpt.operator.config.OperatorSettings;
import io.kubegpt.operator.dependent.PreparationPod;
import io.kubegpt.operator.dependent.TrainingJob;
import io.kubegpt.operator.dependent.WorkerPod;
import io.kubegpt.operator.observe.NodeLoss;
import io.kubegpt.operator.observe.Observation;
import io.kubegpt.operator.observe.PodState;
import io.kubegpt.operator.observe.TrainerPodLabels;
import io.kubegpt.operator.status.Conditions;
import io.kubegpt.operator.status.JobStatusUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the gang of a job's current stage (preparation, then the workers) should do, decided from what is observed:
 * no API calls, so every decision is tested without a cluster. The pods of a stage are created together; when one
 * fails, the decision is written into the status first and only the next pass deletes the pods, so a restart is
 * never lost with them. After a failure the gang is recreated after an exponentially growing delay, up to
 * {@code backoffLimit} times; after a disruption (preemption, eviction, drain, a lost node, a stop on request)
 * without counting, at once the first time and then after a growing delay, up to the operator's disruption limit. An exit code no retry can help ({@link TrainerExitCodes#retryable}) fails the job.
 */
final class GangPolicy {

    /** How soon the pass after a decision runs: the decision is in the status by then. */
    static final Duration AFTER_STATUS = Duration.ofSeconds(1);
    /** How often a waiting gang looks again without an event. */
    static final Duration WAITING_RECHECK = Duration.ofSeconds(30);

    private final TrainingJob job;
    private final Observation observed;
    private final JobStatusUpdate update;
    private final OperatorSettings settings;
    private final GangPlan plan = new GangPlan();

    GangPolicy(TrainingJob job, Observation observed, JobStatusUpdate update, OperatorSettings settings) {
        this.job = job;
        this.observed = observed;
        this.update = update;
        this.settings = settings;
    }

    GangPlan run() {
        if (update.isTrue(Conditions.SUSPENDED)) {
            resume();
        }
        if (deadline().filter(Duration::isNegative).isPresent()) {
            fail(Conditions.DEADLINE_EXCEEDED, "the job ran longer than spec.activeDeadlineSeconds ("
                    + job.spec().getActiveDeadlineSeconds() + " s, not counting time suspended)");
            return plan;
        }
        if (job.needsPreparation() && !update.isTrue(Conditions.PREPARED)) {
            stage(List.of(new PreparationPod().desired(current())), observed.preparation().stream().toList(), true);
            if (!update.isTrue(Conditions.PREPARED) || update.phase().isFinished()) {
                deadline().ifPresent(plan::recheckIn);
                return plan;
            }
        }
        List<Pod> desired = WorkerPod.all(job).stream().map(worker -> worker.desired(current())).toList();
        stage(desired, List.copyOf(observed.workers().values()), false);
        if (!update.phase().isFinished()) {
            deadline().ifPresent(plan::recheckIn);
        }
        return plan;
    }

    /** Deletes the pods, each with its grace period, in which its trainer saves a checkpoint at an agreed step. */
    GangPlan suspend() {
        boolean stopping = stop("Suspended", "the workers are deleted");
        update.condition(Conditions.SUSPENDED, true, "Suspended", "spec.suspend is true");
        update.moveTo(Phase.Suspended, "Suspended", stopping
                ? "stopping the workers on request: they save a checkpoint at the step they reach"
                : "workers stopped on request; checkpoints kept, resuming continues from the latest");
        return plan;
    }

    /**
     * A job Kueue has not admitted, or has evicted: no pods. Running ones stop as on a suspend, saving a checkpoint
     * at an agreed step, and nothing is counted: the job resumes from there when admitted again.
     */
    GangPlan queued(String reason, String message) {
        boolean stopping = stop(reason, message);
        update.clear(Conditions.RESTARTING, reason, message);
        update.moveTo(Phase.Queued, reason, stopping
                ? message + "; stopping the workers: they save a checkpoint at the step they reach" : message);
        return plan;
    }

    /** Deletes every pod gracefully and waits for them; whether any was left. */
    private boolean stop(String reason, String message) {
        observed.pods().forEach(plan::delete);
        awaitGone(observed.pods().stream().filter(pod -> pod.getMetadata().getDeletionTimestamp() != null).toList());
        update.clear(Conditions.WORKERS_READY, reason, message);
        update.status().setWorkers(new WorkerCounts(0, job.spec().getWorkers().getReplicas()));
        return !observed.pods().isEmpty();
    }

    /**
     * A finished job: pods still running or starting are deleted at once (they hold nodes and GPUs), ended ones
     * are kept for their logs until {@code ttlSecondsAfterFinished} passed, then deleted with the service.
     */
    GangPlan finished() {
        observed.pods().stream().filter(pod -> !PodState.of(pod).stage().isEnded()).forEach(plan::delete);
        Long ttl = job.spec().getTtlSecondsAfterFinished();
        if (ttl == null || update.status().getCompletionTime() == null) {
            return plan;
        }
        Instant expiry = Instant.parse(update.status().getCompletionTime()).plusSeconds(ttl);
        if (update.now().isBefore(expiry)) {
            plan.recheckIn(Duration.between(update.now(), expiry));
            return plan;
        }
        observed.pods().forEach(plan::delete);
        if (observed.existing().getOrDefault("Service", Set.of()).contains(job.serviceName())) {
            plan.deleteService();
        }
        return plan;
    }

    private void resume() {
        Instant since = update.trueSince(Conditions.SUSPENDED).orElse(update.now());
        GPTJobStatus status = update.status();
        long suspended = status.getSuspendedSeconds() == null ? 0 : status.getSuspendedSeconds();
        status.setSuspendedSeconds(suspended + Duration.between(since, update.now()).toSeconds());
        update.condition(Conditions.SUSPENDED, false, "Resumed", "resuming from the latest checkpoint");
    }

    private void stage(List<Pod> desired, List<Pod> present, boolean preparation) {
        if (update.phase() == Phase.Restarting) {
            restart(desired, present);
            return;
        }
        int attempt = update.status().attempt();
        List<Pod> stale = present.stream().filter(pod -> TrainerPodLabels.attempt(pod, attempt) != attempt).toList();
        if (!stale.isEmpty()) {
            stale.forEach(plan::delete);
            awaitGone(stale);
            return;
        }
        Map<Pod, PodState> states = new LinkedHashMap<>();
        present.forEach(pod -> states.put(pod, PodState.of(pod)));
        List<String> missing = names(desired).stream().filter(name -> !names(present).contains(name)).toList();
        boolean ran = !preparation && update.phase() == Phase.Running;
        Optional<Interruption> interruption = interruption(states, missing, ran);
        if (interruption.isPresent()) {
            interrupted(interruption.get(), preparation);
            return;
        }
        List<Pod> terminating = select(states, state -> state.stage() == PodState.Stage.TERMINATING);
        if (!terminating.isEmpty()) {
            awaitGone(terminating);
            return;
        }
        Pod first = desired.get(0);
        if (states.entrySet().stream().anyMatch(entry -> sameName(entry.getKey(), first)
                && entry.getValue().stage() == PodState.Stage.SUCCEEDED)) {
            succeeded(preparation);
            return;
        }
        desired.stream().filter(pod -> missing.contains(name(pod))).forEach(plan::create);
        if (!missing.isEmpty() && update.status().getStartTime() == null) {
            update.status().setStartTime(update.now().toString());
        }
        long running = states.values().stream().filter(state -> state.stage() == PodState.Stage.RUNNING).count();
        int total = desired.size();
        if (!preparation) {
            update.status().setWorkers(new WorkerCounts((int) running, total));
        }
        if (running == total) {
            allRunning(total, preparation);
        } else {
            notAllRunning(states, running, total, preparation);
        }
    }

    /** A reason to end this attempt: the pod that caused it, and whether it counts against the backoff limit. */
    private record Interruption(String pod, PodState state, boolean counted) {
    }

    /**
     * What ended the attempt, when several pods ended at once: a failure no retry can help first, then a pod's own
     * failure, then a disruption, and "another rank failed" last, as the others say why. A pod that is gone or
     * being deleted while the gang ran was taken away.
     */
    private Optional<Interruption> interruption(Map<Pod, PodState> states, List<String> missing, boolean ran) {
        Optional<Map.Entry<Pod, PodState>> hopeless = first(states, state -> state.isFailed() && !state.retryable());
        if (hopeless.isPresent()) {
            return Optional.of(new Interruption(name(hopeless.get().getKey()), hopeless.get().getValue(), true));
        }
        Optional<Map.Entry<Pod, PodState>> own = first(states, state -> state.isFailed() && !state.disrupted()
                && !Integer.valueOf(TrainerExitCodes.RANK_FAILED).equals(state.exitCode()));
        if (own.isPresent()) {
            return Optional.of(new Interruption(name(own.get().getKey()), own.get().getValue(), true));
        }
        Optional<Map.Entry<Pod, PodState>> disrupted = first(states, state -> state.isFailed() && state.disrupted()
                || ran && state.stage() == PodState.Stage.TERMINATING);
        if (disrupted.isPresent()) {
            return Optional.of(new Interruption(name(disrupted.get().getKey()), disrupted.get().getValue(), false));
        }
        if (ran && !missing.isEmpty()) {
            return Optional.of(new Interruption(missing.get(0), new PodState(PodState.Stage.FAILED, null, "Deleted",
                    "the pod is gone", true), false));
        }
        Optional<Map.Entry<Pod, PodState>> gaveUp = first(states, PodState::isFailed);
        if (gaveUp.isEmpty() || settling(gaveUp.get().getValue(), states)) {
            return Optional.empty();
        }
        // a rank gives up on a peer that never came: a gang that was never complete is no failure of its own
        return Optional.of(new Interruption(name(gaveUp.get().getKey()), gaveUp.get().getValue(),
                missing.isEmpty() && !update.isTrue(Conditions.CREATION_REFUSED)));
    }

    /** A rank gave up on a peer while others still run: they say why soon, and their cause is the one to report. */
    private boolean settling(PodState gaveUp, Map<Pod, PodState> states) {
        boolean othersRun = states.values().stream().anyMatch(state -> state.stage() == PodState.Stage.RUNNING);
        if (!othersRun || gaveUp.endedAt() == null) {
            return false;
        }
        Instant settled = gaveUp.endedAt().plus(settings.peerSettle());
        if (update.now().isBefore(settled)) {
            plan.recheckIn(Duration.between(update.now(), settled));
            return true;
        }
        return false;
    }

    private void interrupted(Interruption interruption, boolean preparation) {
        GPTJobStatus status = update.status();
        PodState state = interruption.state();
        String what = interruption.pod() + state.describe();
        GangInterruption record = new GangInterruption();
        record.setTime(update.now().toString());
        record.setAttempt(status.attempt());
        record.setPod(interruption.pod());
        record.setExitCode(state.exitCode());
        record.setReason(state.reason());
        record.setMessage(state.message());
        record.setCounted(interruption.counted());
        status.setLastInterruption(record);
        if (!state.retryable()) {
            fail(state.exitCode() == TrainerExitCodes.DIVERGED ? Conditions.DIVERGED : Conditions.INVALID_INPUT, what);
            return;
        }
        int restarts = status.getRestarts();
        int backoffLimit = job.spec().getBackoffLimit();
        String message;
        String reason;
        if (interruption.counted()) {
            if (restarts >= backoffLimit) {
                fail(Conditions.BACKOFF_LIMIT_EXCEEDED, what + "; spec.backoffLimit (" + backoffLimit
                        + ") restarts used");
                return;
            }
            status.setRestarts(restarts + 1);
            reason = preparation ? Conditions.PREPARATION_FAILED : Conditions.WORKER_FAILED;
            message = what + "; restarting all workers from the latest checkpoint in "
                    + settings.restartDelay(restarts + 1).toSeconds() + " s (restart " + (restarts + 1) + " of "
                    + backoffLimit + ")";
        } else {
            int disruptions = status.getDisruptions() == null ? 0 : status.getDisruptions();
            if (disruptions >= settings.disruptionLimit()) {
                fail(Conditions.DISRUPTION_LIMIT_EXCEEDED, what + "; the operator's disruption limit ("
                        + settings.disruptionLimit() + ") used: the workers keep being taken away or stopping");
                return;
            }
            status.setDisruptions(disruptions + 1);
            reason = Conditions.DISRUPTED;
            Duration delay = settings.disruptionDelay(disruptions + 1);
            message = what + "; restarting all workers from the latest checkpoint"
                    + (delay.isZero() ? "" : " in " + delay.toSeconds() + " s") + " (disruption " + (disruptions + 1)
                    + " of " + settings.disruptionLimit() + ", not counted against spec.backoffLimit)";
        }
        update.condition(Conditions.RESTARTING, true, reason, message);
        update.clear(Conditions.WORKERS_READY, reason, what);
        update.moveTo(Phase.Restarting, reason, message);
        plan.recheckIn(AFTER_STATUS);
    }

    /** Deletes what is left of the last attempt, waits for it to be gone and for the delay, then recreates all. */
    private void restart(List<Pod> desired, List<Pod> present) {
        if (!present.isEmpty()) {
            present.forEach(plan::delete);
            awaitGone(present);
            return;
        }
        GangInterruption last = update.status().getLastInterruption();
        Instant at = last == null || last.getTime() == null
                ? update.trueSince(Conditions.RESTARTING).orElse(update.now())
                        .plus(settings.restartDelay(update.status().getRestarts()))
                : Instant.parse(last.getTime()).plus(Boolean.FALSE.equals(last.getCounted())
                        ? settings.disruptionDelay(update.status().getDisruptions() == null ? 0
                                : update.status().getDisruptions())
                        : settings.restartDelay(update.status().getRestarts()));
        if (update.now().isBefore(at)) {
            plan.recheckIn(Duration.between(update.now(), at));
            return;
        }
        desired.forEach(plan::create);
        update.moveTo(Phase.Pending, "Restarted", "workers recreated (attempt " + update.status().attempt()
                + "); they resume from the latest checkpoint");
    }

    /**
     * Waits for pods being deleted to be gone. One still there past its grace period on a node that is gone or out of
     * service has no kubelet left to end it, and is removed by force; on a node that is only not Ready, its trainer may
     * still run behind a partition and write the job's checkpoints, so only {@code notReadyNodeGrace} past its grace
     * period, when the node has had every chance to come back and end it.
     */
    private void awaitGone(List<Pod> pods) {
        for (Pod pod : pods) {
            Optional<Instant> overdueAt = PodState.overdueAt(pod, settings.terminationSlack());
            if (overdueAt.isEmpty()) {
                plan.recheckIn(WAITING_RECHECK);
                continue;
            }
            Instant overdue = overdueAt.get();
            String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            NodeLoss loss = node == null ? NodeLoss.GONE : observed.lostNodes().get(node);
            Instant forceAt = loss == NodeLoss.NOT_READY
                    ? PodState.overdueAt(pod, settings.notReadyNodeGrace()).orElseThrow() : overdue;
            if (update.now().isBefore(overdue)) {
                plan.recheckIn(Duration.between(update.now(), overdue));
            } else if (loss == null) {
                plan.recheckIn(WAITING_RECHECK);
            } else if (update.now().isBefore(forceAt)) {
                plan.recheckIn(Duration.between(update.now(), forceAt));
            } else {
                plan.forceDelete(pod);
            }
        }
    }

    private void allRunning(int total, boolean preparation) {
        if (preparation) {
            update.moveTo(Phase.Preparing, "Preparing", "tokenizing the corpus");
            return;
        }
        update.condition(Conditions.WORKERS_READY, true, "WorkersRunning", total + " workers running");
        update.clear(Conditions.RESTARTING, "WorkersRunning", "the restarted workers run");
        update.moveTo(Phase.Running, "WorkersRunning", total + " of " + total + " workers running");
    }

    /**
     * Pods that do not run yet say why (the scheduler's or the kubelet's reason and message); one that cannot ever
     * start fails the job at once, and a gang that does not run within {@code startTimeoutSeconds} fails it then.
     * A running gang whose node stops reporting stays Running until the pod is evicted.
     */
    private void notAllRunning(Map<Pod, PodState> states, long running, int total, boolean preparation) {
        Optional<Map.Entry<Pod, PodState>> never = first(states, PodState::neverStarts);
        if (never.isPresent()) {
            fail(Conditions.START_FAILED, name(never.get().getKey()) + ": " + never.get().getValue().waitingFor()
                    .orElseThrow() + " (the pod cannot start: fix spec.workers.image)");
            return;
        }
        String why = states.entrySet().stream().filter(entry -> entry.getValue().waitingFor().isPresent())
                .map(entry -> name(entry.getKey()) + ": " + entry.getValue().waitingFor().get())
                .collect(Collectors.joining("; "));
        String reason = states.values().stream().filter(state -> state.waitingFor().isPresent()).findFirst()
                .map(PodState::reason).orElse(preparation ? "PreparationStarting" : "WorkersStarting");
        String count = running + " of " + total + (preparation ? " preparation pod" : " workers") + " running";
        String message = why.isEmpty() ? count : count + "; " + why;
        if (update.phase() == Phase.Running) {
            update.condition(Conditions.WORKERS_READY, false, reason, message);
            update.status().setMessage(message);
            plan.recheckIn(WAITING_RECHECK);
            return;
        }
        Instant since = states.keySet().stream().map(pod -> pod.getMetadata().getCreationTimestamp())
                .filter(time -> time != null).map(Instant::parse).min(Comparator.naturalOrder())
                .orElse(update.trueSince(Conditions.CREATION_REFUSED).orElse(update.now()));
        Instant timeout = since.plusSeconds(job.spec().getStartTimeoutSeconds());
        if (!update.now().isBefore(timeout)) {
            fail(Conditions.START_TIMEOUT, count + " after spec.startTimeoutSeconds ("
                    + job.spec().getStartTimeoutSeconds() + " s)" + (why.isEmpty() ? "" : "; " + why));
            return;
        }
        plan.recheckIn(Duration.between(update.now(), timeout));
        plan.recheckIn(WAITING_RECHECK);
        if (preparation) {
            update.moveTo(Phase.Preparing, reason, message);
        } else {
            update.condition(Conditions.WORKERS_READY, false, reason, message);
            update.moveTo(Phase.Pending, reason, message);
        }
    }

    private void succeeded(boolean preparation) {
        if (preparation) {
            update.condition(Conditions.PREPARED, true, "Prepared", "tokenizer and token files are ready");
            return;
        }
        observed.finalSummary().ifPresent(update::fold);
        String message = observed.finalSummary().map(GPTJobStatus::getMessage).orElse("training finished");
        update.status().setWorkers(new WorkerCounts(0, job.spec().getWorkers().getReplicas()));
        update.condition(Conditions.COMPLETE, true, "Completed", message);
        update.clear(Conditions.WORKERS_READY, "Completed", "the workers finished");
        update.moveTo(Phase.Succeeded, "Completed", message);
        plan.recheckIn(AFTER_STATUS);
    }

    /** Fails the job; the next pass, with the failure in the status, deletes the pods still running. */
    private void fail(String reason, String message) {
        update.condition(Conditions.FAILED, true, reason, message);
        update.clear(Conditions.WORKERS_READY, reason, message);
        update.clear(Conditions.RESTARTING, reason, message);
        update.moveTo(Phase.Failed, reason, message);
        plan.recheckIn(AFTER_STATUS);
    }

    /** Counted from the creation of the first pod, without the time suspended. */
    private Optional<Duration> deadline() {
        Long seconds = job.spec().getActiveDeadlineSeconds();
        GPTJobStatus status = update.status();
        if (seconds == null || status.getStartTime() == null) {
            return Optional.empty();
        }
        long suspended = status.getSuspendedSeconds() == null ? 0 : status.getSuspendedSeconds();
        return Optional.of(Duration.between(update.now(),
                Instant.parse(status.getStartTime()).plusSeconds(seconds + suspended)));
    }

    private TrainingJob current() {
        return job.withAttempt(update.status().attempt());
    }

    private static Optional<Map.Entry<Pod, PodState>> first(Map<Pod, PodState> states, Predicate<PodState> test) {
        return states.entrySet().stream().filter(entry -> test.test(entry.getValue())).findFirst();
    }

    private static List<Pod> select(Map<Pod, PodState> states, Predicate<PodState> test) {
        return states.entrySet().stream().filter(entry -> test.test(entry.getValue())).map(Map.Entry::getKey).toList();
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(GangPolicy::name).toList();
    }

    private static boolean sameName(Pod a, Pod b) {
        return name(a).equals(name(b));
    }

    private static String name(Pod pod) {
        return pod.getMetadata().getName();
    }
}
