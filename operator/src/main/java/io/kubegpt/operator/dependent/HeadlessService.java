package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/**
 * Gives every worker a DNS name ({@code <pod>.<service>.<namespace>.svc}) for the rendezvous, published before the
 * pods are ready because the ranks must find rank 0 while they start.
 */
public final class HeadlessService implements OwnedObject<Service> {

    @Override
    public Service desired(TrainingJob job) {
        return new ServiceBuilder()
                .withMetadata(job.ownedMetadata(job.serviceName(), "rendezvous"))
                .withNewSpec()
                .withClusterIP("None")
                .withPublishNotReadyAddresses(true)
                .withSelector(job.workerSelectorLabels())
                .addNewPort().withName("rendezvous").withPort(job.spec().getWorkers().getMasterPort()).endPort()
                .endSpec()
                .build();
    }
}
