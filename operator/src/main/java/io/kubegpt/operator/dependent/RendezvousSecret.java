package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kubegpt.api.trainer.TrainerEnvironment;
import java.util.Map;

/**
 * {@code <job>-rendezvous-<attempt>}: a random value that only the worker pods of one attempt get, as
 * {@link TrainerEnvironment#RENDEZVOUS_SECRET}. The ranks derive every key of rank 0's store from it, so a pod that can
 * reach the store's port (where no NetworkPolicy is enforced) but holds no such Secret can neither join the ranks nor
 * fail them. A new Secret per attempt, immutable, so the kubelet never starts a pod with an earlier attempt's value.
 */
public final class RendezvousSecret implements OwnedObject<Secret> {

    public static final String KEY = "secret";

    /** Only ranks that meet need one: a job of one rank has no rendezvous. */
    @Override
    public boolean isWanted(TrainingJob job) {
        return job.spec().getWorkers().worldSize() > 1;
    }

    @Override
    public Secret desired(TrainingJob job) {
        Secret object = new SecretBuilder()
                .withMetadata(job.ownedMetadata(job.rendezvousSecretName(job.attempt()), TrainerPod.WORKER))
                .withImmutable(true)
                .withStringData(Map.of(KEY, TrainerEnvironment.newRendezvousSecret()))
                .build();
        object.getMetadata().getLabels().put(TrainingJob.ATTEMPT_LABEL, Integer.toString(job.attempt()));
        return object;
    }

    /** The worker's variable, read from this attempt's Secret by the kubelet. */
    public static EnvVar variable(TrainingJob job) {
        return new EnvVarBuilder().withName(TrainerEnvironment.RENDEZVOUS_SECRET).withNewValueFrom()
                .withNewSecretKeyRef(KEY, job.rendezvousSecretName(job.attempt()), false).endValueFrom().build();
    }
}
