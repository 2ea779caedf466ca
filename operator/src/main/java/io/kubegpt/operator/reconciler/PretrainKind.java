package io.kubegpt.operator.reconciler;

import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.PretrainDataSpec;
import io.kubegpt.api.v1alpha1.validation.FieldError;
import io.kubegpt.api.v1alpha1.validation.SpecValidation;
import io.kubegpt.operator.config.OperatorSettings;
import io.kubegpt.operator.dependent.TrainingJob;
import java.util.List;

/**
 * GPTPretrain: the trainer's {@code pretrain} command. A corpus from a URL or a claim is tokenized once by a
 * preparation pod; the bundled sample corpus is small enough for each worker to tokenize itself.
 */
public final class PretrainKind implements JobKind<GPTPretrain> {

    @Override
    public String name() {
        return "GPTPretrain";
    }

    @Override
    public List<FieldError> validate(GPTPretrain job) {
        return SpecValidation.validate(job.getSpec());
    }

    @Override
    public TrainingJob view(GPTPretrain job, OperatorSettings settings) {
        PretrainDataSpec data = job.getSpec().getData();
        boolean external = data.getUrl() != null || data.getPath() != null;
        return new TrainingJob(job, job.getSpec(), "pretrain", data.getClaimName(), external, settings);
    }
}
