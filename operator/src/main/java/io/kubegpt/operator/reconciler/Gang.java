package io.kubegpt.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.api.v1alpha1.WorkerCounts;
import io.kubegpt.operator.config.OperatorSettings;
import io.kubegpt.operator.dependent.PreparationPod;
import io.kubegpt.operator.dependent.TrainingJob;
import io.kubegpt.operator.dependent.WorkerPod;
import io.kubegpt.operator.observe.Observation;
import io.kubegpt.operator.observe.PodState;
import io.kubegpt.operator.status.Conditions;
import io.kubegpt.operator.status.JobMetrics;
import io.kubegpt.operator.status.JobStatusUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pods of a job's current stage, run as one gang: created together, and when any fails, all deleted and, after
 * an exponentially growing delay, recreated together so that they resume from the latest checkpoint; up to
 * {@code backoffLimit} times. An exit code no retry can help ({@link TrainerExitCodes#retryable}: invalid input,
 * divergence) fails the job at once.
 */
final class Gang {

    private final TrainingJob job;
    private final Observation observed;
    private final JobStatusUpdate update;
    private final Context<?> context;
    private final OperatorSettings settings;
    private final JobMetrics metrics;

    Gang(TrainingJob job, Observation observed, JobStatusUpdate update, Context<?> context, OperatorSettings settings,
            JobMetrics metrics) {
        this.job = job;
        this.observed = observed;
        this.update = update;
        this.context = context;
        this.settings = settings;
        this.metrics = metrics;
    }

    Optional<Duration> run() {
        if (deadline().filter(Duration::isNegative).isPresent()) {
            deleteAll();
            fail(Conditions.DEADLINE_EXCEEDED, "the job ran longer than spec.activeDeadlineSeconds ("
                    + job.spec().getActiveDeadlineSeconds() + " s)");
            return afterFinish();
        }
        boolean preparing = job.needsPreparation() && !update.isTrue(Conditions.PREPARED);
        if (preparing) {
            Pod preparation = new PreparationPod().desired(job);
            Optional<Duration> prepared = stage(Map.of(preparation.getMetadata().getName(), preparation),
                    observed.preparation().map(pod -> Map.of(pod.getMetadata().getName(), pod)).orElse(Map.of()), true);
            if (!update.isTrue(Conditions.PREPARED)) {
                return earliest(prepared, deadline());
            }
        }
        Map<String, Pod> desired = new LinkedHashMap<>();
        for (WorkerPod worker : WorkerPod.all(job)) {
            desired.put(worker.name(job), worker.desired(job));
        }
        Map<String, Pod> present = new LinkedHashMap<>();
        observed.workers().values().forEach(pod -> present.put(pod.getMetadata().getName(), pod));
        Optional<Duration> recheck = stage(desired, present, false);
        return update.phase().isFinished() ? recheck : earliest(recheck, deadline());
    }

    void suspend() {
        deleteAll();
        update.condition(Conditions.SUSPENDED, true, "Suspended", "spec.suspend is true");
        update.clear(Conditions.WORKERS_READY, "Suspended", "the workers are deleted");
        update.status().setWorkers(new WorkerCounts(0, job.spec().getWorkers().getReplicas()));
        update.moveTo(Phase.Suspended, "Suspended", "workers deleted on request; checkpoints kept, resuming "
                + "continues from the latest");
    }

    /** Deletes the pods and the service once ttlSecondsAfterFinished passed; until then, when to look again. */
    Optional<Duration> afterFinish() {
        Long ttl = job.spec().getTtlSecondsAfterFinished();
        if (ttl == null || update.status().getCompletionTime() == null) {
            return Optional.empty();
        }
        Instant expiry = Instant.parse(update.status().getCompletionTime()).plusSeconds(ttl);
        if (update.now().isBefore(expiry)) {
            return Optional.of(Duration.between(update.now(), expiry));
        }
        deleteAll();
        if (observed.existing().getOrDefault("Service", Set.of()).contains(job.serviceName())) {
            context.getClient().services().inNamespace(job.namespace()).withName(job.serviceName()).delete();
        }
        return Optional.empty();
    }

    private Optional<Duration> stage(Map<String, Pod> desired, Map<String, Pod> present, boolean preparation) {
        if (update.phase() == Phase.Restarting) {
            return restart(desired, present);
        }
        Map<String, PodState> states = new LinkedHashMap<>();
        present.forEach((name, pod) -> states.put(name, PodState.of(pod)));
        Optional<Map.Entry<String, PodState>> failed = states.entrySet().stream()
                .filter(entry -> entry.getValue().isFailed()).findFirst();
        if (failed.isPresent()) {
            return failed(failed.get().getKey(), failed.get().getValue(), preparation);
        }
        if (states.values().stream().anyMatch(state -> state.stage() == PodState.Stage.TERMINATING)) {
            return Optional.empty();
        }
        String first = desired.keySet().iterator().next();
        if (states.containsKey(first) && states.get(first).stage() == PodState.Stage.SUCCEEDED) {
            return succeeded(preparation);
        }
        List<String> missing = desired.keySet().stream().filter(name -> !present.containsKey(name)).toList();
        boolean started = states.values().stream().anyMatch(state -> state.stage() != PodState.Stage.STARTING);
        if (!missing.isEmpty() && started) {
            return failed(missing.get(0), new PodState(PodState.Stage.FAILED, null, null, "the pod disappeared"),
                    preparation);
        }
        missing.forEach(name -> create(desired.get(name)));
        long running = states.values().stream().filter(state -> state.stage() == PodState.Stage.RUNNING).count();
        int total = desired.size();
        if (!preparation) {
            update.status().setWorkers(new WorkerCounts((int) running, total));
        }
        if (running == total) {
            if (update.status().getStartTime() == null) {
                update.status().setStartTime(update.now().toString());
            }
            if (preparation) {
                update.moveTo(Phase.Preparing, "Preparing", "tokenizing the corpus");
            } else {
                update.condition(Conditions.WORKERS_READY, true, "WorkersRunning", total + " workers running");
                update.clear(Conditions.RESTARTING, "WorkersRunning", "the restarted workers run");
                update.moveTo(Phase.Running, "WorkersRunning", total + " of " + total + " workers running");
            }
        } else if (preparation) {
            update.moveTo(Phase.Preparing, "PreparationStarting", "starting the preparation pod");
        } else {
            update.moveTo(Phase.Pending, "WorkersStarting", running + " of " + total + " workers running");
        }
        return Optional.empty();
    }

    private Optional<Duration> succeeded(boolean preparation) {
        if (preparation) {
            update.condition(Conditions.PREPARED, true, "Prepared", "tokenizer and token files are ready");
            return Optional.empty();
        }
        observed.finalSummary().ifPresent(update::fold);
        String message = observed.finalSummary().map(GPTJobStatus::getMessage).orElse("training finished");
        update.status().setWorkers(new WorkerCounts(0, job.spec().getWorkers().getReplicas()));
        update.condition(Conditions.COMPLETE, true, "Completed", message);
        update.clear(Conditions.WORKERS_READY, "Completed", "the workers finished");
        update.moveTo(Phase.Succeeded, "Completed", message);
        return afterFinish();
    }

    private Optional<Duration> failed(String podName, PodState state, boolean preparation) {
        deleteAll();
        String what = podName + state.describe();
        if (!state.retryable()) {
            fail(state.exitCode() == TrainerExitCodes.DIVERGED ? Conditions.DIVERGED : Conditions.INVALID_INPUT, what);
            return afterFinish();
        }
        int restarts = update.status().getRestarts();
        if (restarts >= job.spec().getBackoffLimit()) {
            fail(Conditions.BACKOFF_LIMIT_EXCEEDED, what + "; spec.backoffLimit (" + job.spec().getBackoffLimit()
                    + ") restarts used");
            return afterFinish();
        }
        update.status().setRestarts(restarts + 1);
        metrics.restarted();
        Duration delay = settings.restartDelay(restarts + 1);
        String reason = preparation ? Conditions.PREPARATION_FAILED : Conditions.WORKER_FAILED;
        String message = what + "; restarting all workers from the latest checkpoint in " + delay.toSeconds()
                + " s (restart " + (restarts + 1) + " of " + job.spec().getBackoffLimit() + ")";
        update.condition(Conditions.RESTARTING, true, reason, message);
        update.clear(Conditions.WORKERS_READY, reason, what);
        update.moveTo(Phase.Restarting, reason, message);
        return Optional.of(delay);
    }

    private Optional<Duration> restart(Map<String, Pod> desired, Map<String, Pod> present) {
        if (!present.isEmpty()) {
            present.values().forEach(this::delete);
            return Optional.empty();
        }
        Instant since = update.trueSince(Conditions.RESTARTING).orElse(update.now());
        Instant at = since.plus(settings.restartDelay(update.status().getRestarts()));
        if (update.now().isBefore(at)) {
            return Optional.of(Duration.between(update.now(), at));
        }
        desired.values().forEach(this::create);
        update.moveTo(Phase.Pending, "Restarted", "workers recreated; they resume from the latest checkpoint");
        return Optional.empty();
    }

    private void fail(String reason, String message) {
        update.condition(Conditions.FAILED, true, reason, message);
        update.clear(Conditions.WORKERS_READY, reason, message);
        update.clear(Conditions.RESTARTING, reason, message);
        update.moveTo(Phase.Failed, reason, message);
    }

    private Optional<Duration> deadline() {
        Long seconds = job.spec().getActiveDeadlineSeconds();
        if (seconds == null || update.status().getStartTime() == null) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(update.now(),
                Instant.parse(update.status().getStartTime()).plusSeconds(seconds)));
    }

    private void deleteAll() {
        observed.pods().forEach(this::delete);
    }

    private void delete(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() == null) {
            context.getClient().resource(pod).delete();
        }
    }

    /** Creates through the operator's cache, so the next reconcile sees the pod even before its watch event. */
    private void create(Pod pod) {
        try {
            context.resourceOperations().create(pod);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() || a.get().compareTo(b.get()) <= 0 ? a : b;
    }
}
