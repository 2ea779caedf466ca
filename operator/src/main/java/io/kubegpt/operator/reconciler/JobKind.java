package io.kubegpt.operator.reconciler;

import io.fabric8.kubernetes.client.CustomResource;
import io.kubegpt.api.v1alpha1.GPTJobSpec;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.validation.FieldError;
import io.kubegpt.operator.config.OperatorSettings;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.kubegpt.operator.dependent.TrainingJob;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What differs between GPTPretrain and GPTFinetune for the reconciliation: the rules and the trainer's view. */
public interface JobKind<J extends CustomResource<? extends GPTJobSpec, GPTJobStatus>> {

    /** The kind as the API spells it, e.g. {@code GPTPretrain}. */
    String name();

    /** The spec's cross-field rules. */
    List<FieldError> validate(J job);

    TrainingJob view(J job, OperatorSettings settings);

    /** Claims the job reads beyond its checkpoint and data claims, by spec field; each must exist. */
    default Map<String, String> claims(J job) {
        return Map.of();
    }

    /**
     * Whether a valid job that is not yet accepted can start, judged from the operator's caches at {@code now}; asked
     * on every reconcile until it is Ready.
     */
    default Readiness readiness(J job, Context<J> context, OperatorSettings settings, Instant now) {
        return Readiness.NOTHING_NEEDED;
    }
}
