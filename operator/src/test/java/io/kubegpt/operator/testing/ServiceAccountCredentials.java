package io.kubegpt.operator.testing;

import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** Credentials of a ServiceAccount from the TokenRequest API, as a pod would hold them. */
public final class ServiceAccountCredentials {

    private ServiceAccountCredentials() {
    }

    public static String token(String namespace, String serviceAccount) {
        return TestCluster.get().client().serviceAccounts().inNamespace(namespace).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
    }

    public static KubernetesClient client(String namespace, String serviceAccount) {
        Config admin = admin();
        Config config = new ConfigBuilder().withMasterUrl(admin.getMasterUrl()).withCaCertFile(admin.getCaCertFile())
                .withCaCertData(admin.getCaCertData()).withOauthToken(token(namespace, serviceAccount))
                .withNamespace(namespace).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** A kubeconfig file's content that acts as the ServiceAccount, in its namespace. */
    public static String kubeConfig(String namespace, String serviceAccount) {
        Config admin = admin();
        String authority = admin.getCaCertData() != null ? "certificate-authority-data: " + admin.getCaCertData()
                : "certificate-authority: " + admin.getCaCertFile();
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster:
                    server: %s
                    %s
                users:
                - name: %s
                  user:
                    token: %s
                contexts:
                - name: test
                  context:
                    cluster: test
                    user: %s
                    namespace: %s
                current-context: test
                """.formatted(admin.getMasterUrl(), authority, serviceAccount, token(namespace, serviceAccount),
                serviceAccount, namespace);
    }

    private static Config admin() {
        return Config.fromKubeconfig(TestCluster.get().kubeConfigYaml());
    }
}
