package io.kubegpt.operator.reconciler;

import io.fabric8.kubernetes.client.CustomResource;
import io.kubegpt.api.v1alpha1.GPTJobSpec;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.validation.FieldError;
import io.kubegpt.operator.config.OperatorSettings;
import io.kubegpt.operator.dependent.TrainingJob;
import java.util.List;

/** What differs between GPTPretrain and GPTFinetune for the reconciliation: the rules and the trainer's view. */
public interface JobKind<J extends CustomResource<? extends GPTJobSpec, GPTJobStatus>> {

    /** The kind as the API spells it, e.g. {@code GPTPretrain}. */
    String name();

    /** The spec's cross-field rules. */
    List<FieldError> validate(J job);

    TrainingJob view(J job, OperatorSettings settings);
}
