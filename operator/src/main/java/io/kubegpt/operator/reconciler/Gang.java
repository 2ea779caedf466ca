package io.kubegpt.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.dependent.TrainingJob;
import io.kubegpt.operator.status.Conditions;
import io.kubegpt.operator.status.JobStatusUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Carries out a {@link GangPolicy}'s plan: deletes and creates the pods, and puts what the API server refused into
 * the status, retried until the start timeout ends it. A name taken by another object fails the job at once.
 */
final class Gang {

    /** How soon a refused creation is tried again. */
    static final Duration CREATE_RETRY = Duration.ofSeconds(10);

    private final TrainingJob job;
    private final Context<?> context;
    private final JobStatusUpdate update;

    Gang(TrainingJob job, Context<?> context, JobStatusUpdate update) {
        this.job = job;
        this.context = context;
        this.update = update;
    }

    Optional<Duration> carryOut(GangPlan plan) {
        KubernetesClient client = context.getClient();
        plan.forceDeletions().forEach(pod -> client.resource(pod).withGracePeriod(0).delete());
        plan.deletions().forEach(pod -> client.resource(pod).delete());
        if (plan.deletesService()) {
            client.services().inNamespace(job.namespace()).withName(job.serviceName()).delete();
        }
        ObjectCreator creator = new ObjectCreator(client, job);
        List<ObjectCreator.Failure> failures = new ArrayList<>();
        for (Pod pod : plan.creations()) {
            // through the operator's cache, so the next pass sees the pod even before its watch event
            creator.create(pod, desired -> context.resourceOperations().create(desired)).ifPresent(failures::add);
        }
        report(update, failures, plan.creations().isEmpty()).ifPresent(plan::recheckIn);
        return plan.recheck();
    }

    /**
     * Puts creation failures into the status: a conflict fails the job, a refusal sets {@link Conditions#CREATION_REFUSED}
     * and asks to try again; creations that all went through clear it.
     */
    static Optional<Duration> report(JobStatusUpdate update, List<ObjectCreator.Failure> failures, boolean nothingTried) {
        Optional<ObjectCreator.Failure> conflict = failures.stream().filter(ObjectCreator.Failure::conflict).findFirst();
        if (conflict.isPresent()) {
            String message = conflict.get().message();
            update.condition(Conditions.FAILED, true, Conditions.NAME_CONFLICT, message);
            update.clear(Conditions.CREATION_REFUSED, Conditions.NAME_CONFLICT, message);
            update.moveTo(Phase.Failed, Conditions.NAME_CONFLICT, message);
            return Optional.empty();
        }
        if (!failures.isEmpty()) {
            String message = failures.get(0).message() + "; trying again every " + CREATE_RETRY.toSeconds()
                    + " s until spec.startTimeoutSeconds";
            update.condition(Conditions.CREATION_REFUSED, true, Conditions.CREATION_REFUSED, message);
            update.status().setMessage(message);
            return Optional.of(CREATE_RETRY);
        }
        if (!nothingTried) {
            update.clear(Conditions.CREATION_REFUSED, "Created", "the API server accepted the objects");
        }
        return Optional.empty();
    }
}
