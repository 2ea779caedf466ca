package io.kubegpt.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.dependent.RendezvousSecret;
import io.kubegpt.operator.dependent.TrainerPod;
import io.kubegpt.operator.dependent.TrainingJob;
import io.kubegpt.operator.status.Conditions;
import io.kubegpt.operator.status.JobStatusUpdate;
import java.time.Duration;
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

    /** Carries out the plan; {@code creator} already holds this pass's creations of the job's other objects. */
    Optional<Duration> carryOut(GangPlan plan, ObjectCreator creator) {
        KubernetesClient client = context.getClient();
        plan.forceDeletions().forEach(pod -> client.resource(pod).withGracePeriod(0).delete());
        plan.deletions().forEach(pod -> client.resource(pod).delete());
        if (plan.deletesService()) {
            client.services().inNamespace(job.namespace()).withName(job.serviceName()).delete();
        }
        if (creator.failures().isEmpty()) {
            createRendezvousSecrets(plan.creations(), creator, client);
        }
        if (creator.failures().isEmpty()) {
            for (Pod pod : plan.creations()) {
                // through the operator's cache, so the next pass sees the pod even before its watch event
                creator.create(pod, desired -> context.resourceOperations().create(desired));
            }
        }
        report(update, creator).ifPresent(plan::recheckIn);
        return plan.recheck();
    }

    /**
     * The Secret of each attempt whose workers are about to be created, before them, so the kubelet finds it when it
     * starts them; the Secret of the attempt before goes (its pods, already going, read it when they started).
     */
    private void createRendezvousSecrets(List<Pod> creations, ObjectCreator creator, KubernetesClient client) {
        RendezvousSecret rendezvous = new RendezvousSecret();
        creations.stream()
                .filter(pod -> TrainerPod.WORKER.equals(pod.getMetadata().getLabels().get(TrainingJob.COMPONENT_LABEL)))
                .map(pod -> Integer.parseInt(pod.getMetadata().getLabels().get(TrainingJob.ATTEMPT_LABEL)))
                .distinct()
                .map(job::withAttempt)
                .filter(rendezvous::isWanted)
                .forEach(attempt -> {
                    creator.create(rendezvous.desired(attempt));
                    if (attempt.attempt() > 0) {
                        client.secrets().inNamespace(job.namespace())
                                .withName(job.rendezvousSecretName(attempt.attempt() - 1)).delete();
                    }
                });
    }

    /**
     * Puts creation failures into the status: a name taken or a pod the API server finds invalid fails the job, a
     * refusal sets {@link Conditions#CREATION_REFUSED} and asks to try again; creations that all went through clear
     * it. While an object the pods need is refused, no pod is created, but the plan's deletions and the status it
     * decided stand: the start timeout and the deadline run on, and a running gang still follows its pods.
     */
    static Optional<Duration> report(JobStatusUpdate update, ObjectCreator creator) {
        List<ObjectCreator.Failure> failures = creator.failures();
        Optional<ObjectCreator.Failure> fatal = failures.stream().filter(ObjectCreator.Failure::fatal).findFirst();
        if (fatal.isPresent()) {
            String reason = fatal.get().kind() == ObjectCreator.Kind.NAME_TAKEN ? Conditions.NAME_CONFLICT
                    : Conditions.INVALID_SPEC;
            String message = fatal.get().message();
            update.condition(Conditions.FAILED, true, reason, message);
            update.clear(Conditions.CREATION_REFUSED, reason, message);
            update.moveTo(Phase.Failed, reason, message);
            return Optional.empty();
        }
        if (!failures.isEmpty()) {
            String message = failures.get(0).message() + "; trying again every " + CREATE_RETRY.toSeconds()
                    + " s until spec.startTimeoutSeconds";
            update.condition(Conditions.CREATION_REFUSED, true, Conditions.CREATION_REFUSED, message);
            update.status().setMessage(message);
            return Optional.of(CREATE_RETRY);
        }
        if (creator.tried()) {
            update.clear(Conditions.CREATION_REFUSED, "Created", "the API server accepted the objects");
        }
        return Optional.empty();
    }
}
