package io.kubegpt.operator.validation;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubegpt.api.v1alpha1.validation.FieldError;
import io.kubegpt.api.v1alpha1.validation.JobName;
import io.kubegpt.operator.dependent.TrainingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What makes a new job unrunnable beyond its schema: the spec's cross-field rules (the crds module's
 * {@code SpecValidation}, shared with the trainer's CLI), claims it names that do not exist, and a name its objects'
 * names cannot be derived from ({@link JobName}: the CRD schema rejects it too, unless the CRD was installed without
 * that rule).
 */
public final class JobValidator {

    private JobValidator() {
    }

    public static List<FieldError> validate(TrainingJob job, List<FieldError> specErrors, KubernetesClient client) {
        return validate(job, specErrors, Map.of(), client);
    }

    /** @param otherClaims further claims the job reads, by spec field */
    public static List<FieldError> validate(TrainingJob job, List<FieldError> specErrors,
            Map<String, String> otherClaims, KubernetesClient client) {
        List<FieldError> errors = new ArrayList<>(JobName.validate(job.name()));
        errors.addAll(specErrors);
        claimExists(job, "spec.checkpoint.claimName", job.spec().getCheckpoint().getClaimName(), client, errors);
        claimExists(job, "spec.data.claimName", job.dataClaim(), client, errors);
        otherClaims.forEach((field, claim) -> claimExists(job, field, claim, client, errors));
        return errors;
    }

    private static void claimExists(TrainingJob job, String field, String claim, KubernetesClient client,
            List<FieldError> errors) {
        if (claim != null && client.persistentVolumeClaims().inNamespace(job.namespace()).withName(claim).get() == null) {
            errors.add(new FieldError(field, "PersistentVolumeClaim " + claim + " does not exist in namespace "
                    + job.namespace()));
        }
    }
}
