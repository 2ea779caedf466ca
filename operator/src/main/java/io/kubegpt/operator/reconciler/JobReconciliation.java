package io.kubegpt.operator.reconciler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kubegpt.api.v1alpha1.GPTJobSpec;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.api.v1alpha1.validation.FieldError;
import io.kubegpt.operator.config.OperatorSettings;
import io.kubegpt.operator.dependent.BaseModel;
import io.kubegpt.operator.dependent.CheckpointClaim;
import io.kubegpt.operator.dependent.DisruptionBudgetApi;
import io.kubegpt.operator.dependent.HeadlessService;
import io.kubegpt.operator.dependent.OwnedObject;
import io.kubegpt.operator.dependent.ProgressConfigMap;
import io.kubegpt.operator.dependent.ProgressRole;
import io.kubegpt.operator.dependent.ProgressRoleBinding;
import io.kubegpt.operator.dependent.TrainerConfigMap;
import io.kubegpt.operator.dependent.TrainerServiceAccount;
import io.kubegpt.operator.dependent.TrainingJob;
import io.kubegpt.operator.dependent.WorkerDisruptionBudget;
import io.kubegpt.operator.dependent.WorkerNetworkPolicy;
import io.kubegpt.operator.observe.JobObserver;
import io.kubegpt.operator.observe.Observation;
import io.kubegpt.operator.observe.QueueAdmission;
import io.kubegpt.operator.status.Conditions;
import io.kubegpt.operator.status.EventRecorder;
import io.kubegpt.operator.status.JobMetrics;
import io.kubegpt.operator.status.JobStatusUpdate;
import io.kubegpt.operator.validation.JobValidator;
import io.kubegpt.operator.validation.QueueLabel;
import io.kubegpt.operator.validation.SpecChanges;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validate -> observe -> reconcile for one job of any kind. A new job is validated and, once valid, accepted: its
 * owned objects are created from the spec of that moment and later spec changes other than {@code suspend} are
 * reported, not applied. A job that needs another object first (a fine-tune's base model, see {@link JobKind#readiness})
 * waits in Pending with the {@code WaitingForBase} condition, or fails if it never can start. Then the gang of pods runs the current stage (preparation, then the workers) and the status
 * follows what the pods and the trainer's reports say.
 */
public final class JobReconciliation<J extends CustomResource<? extends GPTJobSpec, GPTJobStatus>> {

    /** The objects a job has besides its pods, with PodDisruptionBudgets in the given version. */
    static List<OwnedObject<? extends HasMetadata>> sharedObjects(DisruptionBudgetApi disruptionBudgetApi) {
        return List.of(new TrainerConfigMap(), new ProgressConfigMap(), new HeadlessService(),
                new TrainerServiceAccount(), new ProgressRole(), new ProgressRoleBinding(), new CheckpointClaim(),
                new WorkerNetworkPolicy(), new WorkerDisruptionBudget(disruptionBudgetApi));
    }

    private final JobKind<J> kind;
    private final OperatorSettings settings;
    private final JobMetrics metrics;
    private final JobObserver observer;

    public JobReconciliation(JobKind<J> kind, OperatorSettings settings, JobMetrics metrics) {
        this.kind = kind;
        this.settings = settings;
        this.metrics = metrics;
        this.observer = new JobObserver(Set.copyOf(OwnedInformers.TYPES), settings.terminationSlack());
    }

    public UpdateControl<J> reconcile(J resource, Context<J> context) {
        metrics.reconciled();
        JobStatusUpdate update = new JobStatusUpdate(resource.getStatus(), resource.getMetadata().getGeneration(),
                Instant.now());
        Observation observed = observer.observe(kind.view(resource, settings), context);
        TrainingJob job = observed.trainerConfig()
                .map(config -> kind.view(accepted(resource, config), settings)
                        .withBase(TrainerConfigMap.base(config).orElse(null)))
                .orElseGet(() -> kind.view(resource, settings));
        Optional<Duration> recheck = reconcile(resource, job, observed, update, context);

        EventRecorder events = new EventRecorder(context.getClient());
        observed.ignoredPods().forEach(why -> events.warningOnce(resource, "PodIgnored", why));
        for (JobStatusUpdate.Transition transition : update.transitions()) {
            if (transition.to() == Phase.Failed || transition.to() == Phase.Restarting) {
                events.warning(resource, transition.reason(), transition.message());
            } else {
                events.normal(resource, transition.reason(), transition.message());
            }
        }
        UpdateControl<J> control;
        if (update.changed()) {
            resource.setStatus(update.status());
            control = UpdateControl.patchStatus(resource);
        } else {
            control = UpdateControl.noUpdate();
        }
        recheck.ifPresent(control::rescheduleAfter);
        return control;
    }

    private Optional<Duration> reconcile(J resource, TrainingJob job, Observation observed, JobStatusUpdate update,
            Context<J> context) {
        KubernetesClient client = context.getClient();
        // a spec refused before acceptance is validated again, so fixing it starts the job; one whose pods the API
        // server found invalid was accepted, and an accepted spec does not change
        boolean invalid = update.phase() == Phase.Failed && observed.trainerConfig().isEmpty()
                && update.trueBecause(Conditions.FAILED).filter(Conditions.INVALID_SPEC::equals).isPresent();
        if (update.phase() != null && update.phase().isFinished() && !invalid) {
            observed.finalSummary().ifPresent(update::fold);
            Optional<Duration> recheck = new Gang(job, context, update).carryOut(
                    new GangPolicy(job, observed, update, settings).finished(), new ObjectCreator(client, job));
            Optional<Duration> workloadRetry = queueing(job, context, update).flatMap(Queueing::finished);
            return earliest(recheck, workloadRetry);
        }
        if (observed.trainerConfig().isEmpty()) {
            List<FieldError> errors = new ArrayList<>(JobValidator.validate(job, kind.validate(resource),
                    kind.claims(resource), client));
            errors.addAll(QueueLabel.validate(Queueing.label(resource), settings.kueue(), Queueing.watched(context)));
            if (!errors.isEmpty()) {
                String message = errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
                update.moveTo(Phase.Failed, Conditions.INVALID_SPEC, message);
                update.condition(Conditions.FAILED, true, Conditions.INVALID_SPEC, message);
                return Optional.empty();
            }
            if (invalid) {
                update.status().setCompletionTime(null);
                update.condition(Conditions.FAILED, false, "SpecValid", "the spec is valid");
                update.moveTo(Phase.Pending, "SpecValid", "the spec is valid; creating the workers");
            }
            Readiness readiness = kind.readiness(resource, context, settings, update.now());
            if (readiness instanceof Readiness.Waiting waiting) {
                update.condition(Conditions.WAITING_FOR_BASE, true, waiting.reason(), waiting.message());
                update.moveTo(Phase.Pending, waiting.reason(), waiting.message());
                return Optional.ofNullable(waiting.recheck());
            }
            if (readiness instanceof Readiness.Unavailable unavailable) {
                update.clear(Conditions.WAITING_FOR_BASE, unavailable.reason(), unavailable.message());
                update.condition(Conditions.FAILED, true, unavailable.reason(), unavailable.message());
                update.moveTo(Phase.Failed, unavailable.reason(), unavailable.message());
                return Optional.empty();
            }
            BaseModel base = ((Readiness.Ready) readiness).base();
            if (base != null) {
                job = job.withBase(base);
                update.condition(Conditions.WAITING_FOR_BASE, false, "BaseReady", "starting from "
                        + base.description());
            }
            // the queue is fixed when the job is accepted, as its spec is
            update.status().setQueue(Queueing.watched(context)
                    ? Queueing.queueOf(resource, settings, client) : null);
        } else {
            ignoredChanges(resource.getSpec(), observed, update);
        }
        ObjectCreator creator = new ObjectCreator(client, job);
        createShared(job, observed, OwnedInformers.disruptionBudgetApi(context), creator);
        if (creator.failures().stream().anyMatch(ObjectCreator.Failure::fatal)) {
            return Gang.report(update, creator);
        }
        if (update.status().getQueue() == null && Queueing.watched(context)) {
            // accepted in a pass whose status was not written: the label it was accepted with
            update.status().setQueue(Queueing.label(resource));
        }
        Optional<Queueing> queueing = queueing(job, context, update);
        Queueing.Decision decision = queueing.map(queue -> queue.admit(creator))
                .orElse(new Queueing.Run(job));
        if (creator.failures().stream().anyMatch(ObjectCreator.Failure::fatal)) {
            return Gang.report(update, creator);
        }
        GangPolicy policy = new GangPolicy(decision instanceof Queueing.Run run ? run.job() : job, observed, update,
                settings);
        int restarts = update.status().getRestarts();
        GangPlan plan;
        if (job.spec().getSuspend()) {
            plan = policy.suspend();
        } else if (decision instanceof Queueing.Hold hold) {
            plan = policy.queued(hold.reason(), hold.message());
        } else {
            plan = policy.run();
        }
        if (update.status().getRestarts() > restarts) {
            metrics.restarted();
        }
        if (!job.spec().getSuspend()) {
            observed.reported().ifPresent(update::fold);
        }
        Optional<Duration> recheck = new Gang(job, context, update).carryOut(plan, creator);
        return earliest(recheck, queueing.flatMap(queue -> queue.afterPlan(observed, plan)));
    }

    /** Kueue's part in the job, when it is queued: from when it is accepted, its status names its queue. */
    private static Optional<Queueing> queueing(TrainingJob job, Context<?> context, JobStatusUpdate update) {
        String queue = update.status().getQueue();
        return queue == null ? Optional.empty() : Optional.of(new Queueing(job, queue,
                QueueAdmission.observe(job, context), update, context.getClient()));
    }

    private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isPresent() ? a : b;
        }
        return Optional.of(a.get().compareTo(b.get()) <= 0 ? a.get() : b.get());
    }

    /** The job as it was accepted, with the current {@code spec.suspend}: what a started job runs. */
    @SuppressWarnings("unchecked")
    private J accepted(J resource, ConfigMap trainerConfig) {
        try {
            ObjectNode tree = Serialization.jsonMapper().valueToTree(resource);
            ObjectNode spec = (ObjectNode) Serialization.jsonMapper().readTree(trainerConfig.getData()
                    .get(TrainerConfigMap.SPEC_KEY));
            spec.put("suspend", resource.getSpec().getSuspend());
            tree.set("spec", spec);
            return (J) Serialization.jsonMapper().treeToValue(tree, resource.getClass());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + trainerConfig.getMetadata().getName(), e);
        }
    }

    private static void ignoredChanges(GPTJobSpec current, Observation observed, JobStatusUpdate update) {
        String accepted = observed.trainerConfig().orElseThrow().getData().get(TrainerConfigMap.SPEC_KEY);
        List<String> ignored = SpecChanges.ignored(accepted, current);
        if (ignored.isEmpty()) {
            update.clear(Conditions.SPEC_CHANGE_IGNORED, "SpecUnchanged", "the job runs the spec as it is");
        } else {
            update.condition(Conditions.SPEC_CHANGE_IGNORED, true, "StartedJob", "changes to "
                    + String.join(", ", ignored) + " are not applied: the job started with the earlier spec and "
                    + "only spec.suspend applies to a started job; create a new job to change them");
        }
    }

    private static void createShared(TrainingJob job, Observation observed, DisruptionBudgetApi disruptionBudgetApi,
            ObjectCreator creator) {
        for (OwnedObject<? extends HasMetadata> owned : sharedObjects(disruptionBudgetApi)) {
            if (owned.isWanted(job)) {
                HasMetadata desired = owned.desired(job);
                if (!observed.exists(desired)) {
                    creator.create(desired);
                }
            }
        }
    }
}
