package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;

/**
 * Admits traffic to the workers only from pods of the same job, on every port: the rendezvous port and the ephemeral
 * ports Gloo's collectives connect on. Egress stays open (the API server, a corpus URL). It takes effect only where
 * the cluster's network plugin enforces NetworkPolicy (Calico, Cilium, ...).
 */
public final class WorkerNetworkPolicy implements OwnedObject<NetworkPolicy> {

    @Override
    public boolean isWanted(TrainingJob job) {
        return job.settings().networkPolicy();
    }

    @Override
    public NetworkPolicy desired(TrainingJob job) {
        return new NetworkPolicyBuilder()
                .withMetadata(job.ownedMetadata(job.networkPolicyName(), "network-policy"))
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(job.workerSelectorLabels()).endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .addNewFrom().withNewPodSelector().withMatchLabels(job.selectorLabels()).endPodSelector().endFrom()
                .endIngress()
                .endSpec()
                .build();
    }
}
