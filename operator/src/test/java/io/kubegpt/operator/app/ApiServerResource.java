package io.kubegpt.operator.app;

import io.fabric8.kubernetes.client.Config;
import io.kubegpt.operator.testing.TestCluster;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the Quarkus application's Kubernetes client at the test API server and one namespace of its own. */
public class ApiServerResource implements QuarkusTestResourceLifecycleManager {

    static final String NAMESPACE = "kubegpt-app";

    @Override
    public Map<String, String> start() {
        TestCluster cluster = TestCluster.get();
        cluster.namespace(NAMESPACE);
        Config admin = Config.fromKubeconfig(cluster.kubeConfigYaml());
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", admin.getMasterUrl(),
                "quarkus.kubernetes-client.ca-cert-file", admin.getCaCertFile(),
                "quarkus.kubernetes-client.client-cert-file", admin.getClientCertFile(),
                "quarkus.kubernetes-client.client-key-file", admin.getClientKeyFile(),
                "quarkus.operator-sdk.namespaces", NAMESPACE);
    }

    @Override
    public void stop() {
    }
}
