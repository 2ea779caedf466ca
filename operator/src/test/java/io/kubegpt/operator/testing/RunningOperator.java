package io.kubegpt.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.kubegpt.operator.config.OperatorSettings;
import io.kubegpt.operator.reconciler.GPTFinetuneReconciler;
import io.kubegpt.operator.reconciler.GPTPretrainReconciler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The operator's reconcilers in the test JVM, watching the given namespaces, until closed. */
public final class RunningOperator implements AutoCloseable {

    private final Operator operator;
    private final KubernetesClient client;

    private RunningOperator(Operator operator, KubernetesClient client) {
        this.operator = operator;
        this.client = client;
    }

    public static RunningOperator start(OperatorSettings settings, String... namespaces) {
        return start(TestCluster.get().newClient(), settings, namespaces);
    }

    /** The operator acting with the given client's identity; closing the operator closes the client. */
    public static RunningOperator start(KubernetesClient client, OperatorSettings settings, String... namespaces) {
        return start(client, settings, true, namespaces);
    }

    /**
     * An operator that reconciles only while it holds the Lease {@code election} names, as the chart's replicas do;
     * in the test JVM each needs an identity of its own (a pod's is its host name).
     */
    public static RunningOperator electing(LeaderElectionConfiguration election, OperatorSettings settings,
            String... namespaces) {
        KubernetesClient client = TestCluster.get().newClient();
        return start(new Operator(overrider -> overrider.withKubernetesClient(client).withCloseClientOnStop(true)
                .withLeaderElectionConfiguration(election)), client, settings, true, namespaces);
    }

    /** Only the GPTFinetune controller: the test writes the base GPTPretrains' statuses itself. */
    public static RunningOperator finetunesOnly(OperatorSettings settings, String... namespaces) {
        return start(TestCluster.get().newClient(), settings, false, namespaces);
    }

    private static RunningOperator start(KubernetesClient client, OperatorSettings settings, boolean pretrains,
            String... namespaces) {
        return start(new Operator(overrider -> overrider.withKubernetesClient(client).withCloseClientOnStop(true)),
                client, settings, pretrains, namespaces);
    }

    private static RunningOperator start(Operator operator, KubernetesClient client, OperatorSettings settings,
            boolean pretrains, String... namespaces) {
        if (pretrains) {
            operator.register(new GPTPretrainReconciler(settings, new SimpleMeterRegistry()),
                    configuration -> configuration.settingNamespaces(namespaces));
        }
        operator.register(new GPTFinetuneReconciler(settings, new SimpleMeterRegistry()),
                configuration -> configuration.settingNamespaces(namespaces));
        operator.start();
        return new RunningOperator(operator, client);
    }

    @Override
    public void close() {
        operator.stop();
    }
}
