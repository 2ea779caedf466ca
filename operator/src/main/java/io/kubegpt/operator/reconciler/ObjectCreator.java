package io.kubegpt.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubegpt.operator.dependent.Ownership;
import io.kubegpt.operator.dependent.TrainingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Creates a job's objects in one reconcile pass and keeps what went wrong. One of the same name that exists already
 * is used only when it is the job's own ({@link Ownership#isOwn}); one of an earlier job of the same name is waited
 * for, as the garbage collector removes it; anything else is reported, never adopted, labels or not: a pod of this
 * job must not run with another object's account or volume.
 */
final class ObjectCreator {

    /** Why an object could not be created. */
    record Failure(Kind kind, String message) {

        /** Whether no retry can help: the job fails. */
        boolean fatal() {
            return kind != Kind.REFUSED;
        }
    }

    enum Kind {
        /** Refused for now (a quota, a policy, an earlier job's object still there): worth trying again. */
        REFUSED,
        /** Its name is taken by an object that is not the job's. */
        NAME_TAKEN,
        /** The API server found a pod made from the spec invalid: no retry can help. */
        INVALID
    }

    /** A pod field the spec sets, and the spec field it comes from. */
    private static final Map<String, String> SPEC_FIELDS = Map.of(
            "spec.tolerations", "spec.workers.tolerations",
            "spec.nodeSelector", "spec.workers.nodeSelector",
            "spec.affinity", "spec.workers.affinity",
            "spec.priorityClassName", "spec.workers.priorityClassName",
            "spec.imagePullSecrets", "spec.workers.imagePullSecrets",
            "spec.terminationGracePeriodSeconds", "spec.workers.terminationGracePeriodSeconds",
            "spec.containers[0].resources", "spec.workers.resources",
            "spec.containers[0].image", "spec.workers.image");

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

    /** An object that cannot be made yet for a reason found before asking the API server. */
    void refuse(String message) {
        tried = true;
        failures.add(new Failure(Kind.REFUSED, message));
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
            if (e.getCode() == 422 && desired instanceof Pod) {
                return Optional.of(new Failure(Kind.INVALID, invalidFields(e) + " (the API server refused " + what
                        + " as invalid: " + apiMessage(e) + ")"));
            }
            if (e.getCode() != 409) {
                return Optional.of(new Failure(Kind.REFUSED, "creating " + what + " was refused (HTTP " + e.getCode()
                        + "): " + apiMessage(e)));
            }
        }
        HasMetadata existing = client.resource(desired).get();
        if (existing == null || Ownership.isOwn(existing, job)) {
            return Optional.empty();
        }
        if (Ownership.isEarlierJobs(existing, job)) {
            return Optional.of(new Failure(Kind.REFUSED, what + " belongs to an earlier " + job.kind() + " " + job.name()
                    + " (UID " + Ownership.controllingJob(existing, job.kind()).orElseThrow().getUid()
                    + "), deleted and not yet collected"));
        }
        return Optional.of(new Failure(Kind.NAME_TAKEN, what + " exists and is not this " + job.kind() + "'s ("
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

    /** The API server's causes, each named by the spec field it comes from where the pod's field is one the spec sets. */
    private static String invalidFields(KubernetesClientException e) {
        List<StatusCause> causes = e.getStatus() == null || e.getStatus().getDetails() == null ? List.of()
                : e.getStatus().getDetails().getCauses();
        return causes == null || causes.isEmpty() ? "the spec makes an invalid pod" : causes.stream()
                .map(cause -> specField(cause.getField()) + ": " + cause.getMessage()).collect(Collectors.joining("; "));
    }

    private static String specField(String podField) {
        return SPEC_FIELDS.entrySet().stream().filter(entry -> podField != null && podField.startsWith(entry.getKey()))
                .findFirst().map(entry -> entry.getValue() + podField.substring(entry.getKey().length()))
                .orElse("pod field " + podField);
    }

    private static String apiMessage(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getMessage();
    }
}
