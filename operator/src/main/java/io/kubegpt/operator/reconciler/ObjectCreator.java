package io.kubegpt.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubegpt.operator.dependent.Ownership;
import io.kubegpt.operator.dependent.TrainingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Creates a job's objects in one reconcile pass and keeps what went wrong. One of the same name that exists already
 * is used only when it is the job's own ({@link Ownership#isOwn}); one of an earlier job of the same name is waited
 * for, as the garbage collector removes it; anything else is reported, never adopted, labels or not: a pod of this
 * job must not run with another object's account or volume.
 */
final class ObjectCreator {

    /** Why an object could not be created: the API server refused it, or its name is taken. */
    record Failure(boolean conflict, String message) {
    }

    private final KubernetesClient client;
    private final TrainingJob job;
    private final List<Failure> failures = new ArrayList<>();
    private boolean tried;

    ObjectCreator(KubernetesClient client, TrainingJob job) {
        this.client = client;
        this.job = job;
    }

    void create(HasMetadata desired) {
        create(desired, object -> client.resource(object).create());
    }

    /** Creates with {@code creation}, such as a call that also puts the object into the operator's cache. */
    <R extends HasMetadata> void create(R desired, Consumer<R> creation) {
        tried = true;
        attempt(desired, creation).ifPresent(failures::add);
    }

    /** What could not be created in this pass, in the order tried. */
    List<Failure> failures() {
        return failures;
    }

    /** Whether anything was to be created in this pass. */
    boolean tried() {
        return tried;
    }

    private <R extends HasMetadata> Optional<Failure> attempt(R desired, Consumer<R> creation) {
        String what = desired.getKind() + " " + desired.getMetadata().getName();
        try {
            creation.accept(desired);
            return Optional.empty();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                return Optional.of(new Failure(false, "creating " + what + " was refused (HTTP " + e.getCode() + "): "
                        + apiMessage(e)));
            }
        }
        HasMetadata existing = client.resource(desired).get();
        if (existing == null || Ownership.isOwn(existing, job)) {
            return Optional.empty();
        }
        if (Ownership.isEarlierJobs(existing, job)) {
            return Optional.of(new Failure(false, what + " belongs to an earlier " + job.kind() + " " + job.name()
                    + " (UID " + Ownership.controllingJob(existing, job.kind()).orElseThrow().getUid()
                    + "), deleted and not yet collected"));
        }
        return Optional.of(new Failure(true, what + " exists and is not this " + job.kind() + "'s ("
                + owner(existing) + "): delete or rename it, or give the job another name"));
    }

    private static String owner(HasMetadata existing) {
        List<OwnerReference> owners = existing.getMetadata().getOwnerReferences();
        if (owners == null || owners.isEmpty()) {
            return "no owner";
        }
        OwnerReference owner = owners.get(0);
        return "owned by " + owner.getKind() + " " + owner.getName();
    }

    private static String apiMessage(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getMessage();
    }
}
