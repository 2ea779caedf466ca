package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * Keeps voluntary evictions (a node drain) from taking a worker out of a running gang, when the spec asks for it:
 * minAvailable is every worker, so an eviction waits until the job ends (a finished pod may always be evicted) or is
 * suspended (it has no pods then). A number rather than a percentage or maxUnavailable: with a number the disruption
 * controller counts the selected pods, with the others it would need a scale subresource on the job.
 */
public final class WorkerDisruptionBudget implements OwnedObject<HasMetadata> {

    private final DisruptionBudgetApi api;

    public WorkerDisruptionBudget(DisruptionBudgetApi api) {
        this.api = api;
    }

    @Override
    public boolean isWanted(TrainingJob job) {
        return job.spec().getWorkers().getDisruptionBudget();
    }

    @Override
    public HasMetadata desired(TrainingJob job) {
        ObjectMeta metadata = job.ownedMetadata(job.disruptionBudgetName(), "disruption-budget");
        IntOrString everyWorker = new IntOrString(job.spec().getWorkers().getReplicas());
        LabelSelector workers = new LabelSelectorBuilder().withMatchLabels(job.workerSelectorLabels()).build();
        return switch (api) {
            case V1 -> new io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder()
                    .withMetadata(metadata)
                    .withNewSpec().withMinAvailable(everyWorker).withSelector(workers).endSpec()
                    .build();
            case V1BETA1 -> new io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudgetBuilder()
                    .withMetadata(metadata)
                    .withNewSpec().withMinAvailable(everyWorker).withSelector(workers).endSpec()
                    .build();
        };
    }
}
