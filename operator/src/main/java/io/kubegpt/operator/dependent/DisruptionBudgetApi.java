package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The API version a cluster serves PodDisruptionBudgets in: policy/v1 from Kubernetes 1.21 on (policy/v1beta1 is
 * gone from 1.25), policy/v1beta1 alone before. No one version serves both, and the spec the operator writes is the
 * same in either.
 */
public enum DisruptionBudgetApi {
    V1(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
    V1BETA1(io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudget.class);

    private final Class<? extends HasMetadata> type;

    DisruptionBudgetApi(Class<? extends HasMetadata> type) {
        this.type = type;
    }

    public Class<? extends HasMetadata> type() {
        return type;
    }

    public static DisruptionBudgetApi servedBy(KubernetesClient client) {
        return client.supports(V1.type) ? V1 : V1BETA1;
    }
}
