package io.kubegpt.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.status.Conditions;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.TestSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconciler on Fabric8's mock server in CRUD mode: fast checks of what it creates and refuses to create. */
@EnableKubernetesMockClient(crud = true)
class GPTPretrainReconcilerMockServerTest {

    static final String NAMESPACE = "test";
    KubernetesClient client;
    Operator operator;

    @BeforeEach
    void start() {
        // the mock server answers 415 to server-side apply
        operator = new Operator(overrider -> overrider.withKubernetesClient(client)
                .withUseSSAToPatchPrimaryResource(false).withCloseClientOnStop(false));
        operator.register(new GPTPretrainReconciler(TestSettings.DEFAULT, new SimpleMeterRegistry()),
                configuration -> configuration.settingNamespaces(NAMESPACE));
        operator.start();
    }

    @AfterEach
    void stop() {
        operator.stop();
    }

    @Test
    void aValidJobGetsItsConfigServiceAccountAndWorkers() {
        client.resource(job("valid")).create();

        await().atMost(Duration.ofSeconds(20)).until(() ->
                client.pods().inNamespace(NAMESPACE).withName("valid-worker-0").get() != null);
        ConfigMap config = client.configMaps().inNamespace(NAMESPACE).withName("valid-trainer-config").get();
        assertThat(config.getData()).containsKeys("job.yaml", "spec.json");
        assertThat(client.serviceAccounts().inNamespace(NAMESPACE).withName("valid-trainer").get()).isNotNull();
        assertThat(client.rbac().roleBindings().inNamespace(NAMESPACE).withName("valid-progress-writer").get())
                .isNotNull();
        assertThat(client.configMaps().inNamespace(NAMESPACE).withName("valid-progress").get()).isNotNull();
    }

    @Test
    void anInvalidJobFailsAndCreatesNothing() {
        GPTPretrain job = Jobs.with(job("invalid"), Map.of("training.steps", 500, "training.warmupSteps", 1000));
        client.resource(job).create();

        GPTPretrain failed = await().atMost(Duration.ofSeconds(20)).until(() -> client.resources(GPTPretrain.class)
                .inNamespace(NAMESPACE).withName("invalid").get(), j -> j.getStatus() != null
                && j.getStatus().getPhase() == Phase.Failed);
        assertThat(failed.getStatus().getConditions()).anySatisfy(condition -> {
            assertThat(condition.getType()).isEqualTo(Conditions.FAILED);
            assertThat(condition.getReason()).isEqualTo(Conditions.INVALID_SPEC);
            assertThat(condition.getMessage()).contains("spec.training.warmupSteps");
        });
        assertThat(client.configMaps().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(client.pods().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    }

    static GPTPretrain job(String name) {
        GPTPretrain job = Jobs.tiny(name);
        job.getMetadata().setNamespace(NAMESPACE);
        return job;
    }
}
