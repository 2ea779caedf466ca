package io.kubegpt.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.kubegpt.api.v1alpha1.BaseModelSpec;
import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.validation.FieldError;
import io.kubegpt.api.v1alpha1.validation.SpecValidation;
import io.kubegpt.operator.config.OperatorSettings;
import io.kubegpt.operator.dependent.TrainingJob;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * GPTFinetune: the trainer's {@code finetune} command, from a base model that {@link BaseResolution} finds. Its
 * labelled files are small and read by the worker itself: no preparation pod.
 */
public final class FinetuneKind implements JobKind<GPTFinetune> {

    @Override
    public String name() {
        return "GPTFinetune";
    }

    /** The crds module's rules. */
    @Override
    public List<FieldError> validate(GPTFinetune job) {
        return SpecValidation.validate(job.getSpec());
    }

    @Override
    public Map<String, String> claims(GPTFinetune job) {
        BaseModelSpec base = job.getSpec().getBase();
        return base.getClaimName() == null ? Map.of() : Map.of("spec.base.claimName", base.getClaimName());
    }

    @Override
    public TrainingJob view(GPTFinetune job, OperatorSettings settings) {
        return new TrainingJob(job, job.getSpec(), "finetune", job.getSpec().getData().getClaimName(), false, settings);
    }

    @Override
    public Readiness readiness(GPTFinetune job, Context<GPTFinetune> context, OperatorSettings settings, Instant now) {
        return BaseResolution.of(job, context.getSecondaryResource(GPTPretrain.class), settings, now);
    }
}
