package io.kubegpt.operator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.operator.testing.Jobs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The packaged application: its reconcilers wired by CDI, health probes and Prometheus metrics. */
@QuarkusTest
@QuarkusTestResource(value = ApiServerResource.class, restrictToAnnotatedClass = true)
class OperatorApplicationTest {

    @Inject
    KubernetesClient client;

    @TestHTTPResource("/q/health/ready")
    URL ready;

    @TestHTTPResource("/q/health/live")
    URL live;

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @Test
    void reconcilesAndReportsHealthAndMetrics() throws IOException {
        GPTPretrain job = Jobs.tiny("app");
        job.getMetadata().setNamespace(ApiServerResource.NAMESPACE);
        client.resource(job).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.pods().inNamespace(ApiServerResource.NAMESPACE)
                .withName("app-worker-0").get() != null);

        assertThat(status(ready)).isEqualTo(200);
        assertThat(status(live)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(body(metrics))
                .containsPattern("kubegpt_reconciles_total\\{kind=\"GPTPretrain\",?} [1-9]")
                .containsPattern("kubegpt_jobs\\{kind=\"GPTPretrain\",phase=\"Pending\",?} 1.0")
                .containsPattern("kubegpt_restarts_total\\{kind=\"GPTPretrain\",?} 0.0")
                .containsPattern("kubegpt_jobs\\{kind=\"GPTFinetune\",phase=\"Pending\",?} 0.0"));
    }

    private static int status(URL url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    private static String body(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
