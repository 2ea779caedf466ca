package io.kubegpt.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.WorkersSpec;
import io.kubegpt.api.v1alpha1.validation.JobName;
import io.kubegpt.operator.dependent.DisruptionBudgetApi;
import io.kubegpt.operator.dependent.HeadlessService;
import io.kubegpt.operator.dependent.OwnedObject;
import io.kubegpt.operator.dependent.PreparationPod;
import io.kubegpt.operator.dependent.TrainingJob;
import io.kubegpt.operator.dependent.WorkerPod;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.TestCluster;
import io.kubegpt.operator.testing.TestSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link JobName#MAX_LENGTH} is the longest name every object the operator derives from a job can carry: each object
 * of a job with that name, its worker of the highest index included, passes the API server's validation (a
 * server-side dry run), and one character more makes that worker's host name invalid. The name's first character
 * must be a letter for the Service's name.
 */
class DerivedNamesOnApiServerTest {

    static KubernetesClient client;
    static String namespace;

    @BeforeAll
    static void namespace() {
        client = TestCluster.get().client();
        namespace = TestCluster.get().newNamespace("names");
    }

    @Test
    void everyObjectOfAJobWithTheLongestNameIsValid() {
        TrainingJob job = largestJob("l" + "0".repeat(JobName.MAX_LENGTH - 1));

        List<HasMetadata> objects = new ArrayList<>();
        for (OwnedObject<? extends HasMetadata> owned : JobReconciliation.sharedObjects(
                DisruptionBudgetApi.servedBy(client))) {
            assertThat(owned.isWanted(job)).as(owned.getClass().getSimpleName()).isTrue();
            objects.add(owned.desired(job));
        }
        objects.add(new PreparationPod().desired(job));
        objects.add(lastWorker(job));

        for (HasMetadata object : objects) {
            assertThat(client.resource(object).dryRun().create().getMetadata().getName())
                    .as(object.getKind()).startsWith(job.name());
        }
    }

    @Test
    void oneCharacterMoreMakesTheLastWorkersHostNameInvalid() {
        TrainingJob job = largestJob("l" + "0".repeat(JobName.MAX_LENGTH));

        assertThatThrownBy(() -> client.resource(lastWorker(job)).dryRun().create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec.hostname").contains("63");
                });
    }

    @Test
    void aNameStartingWithADigitMakesTheServiceNameInvalid() {
        TrainingJob job = largestJob("7-up");

        assertThatThrownBy(() -> client.resource(new HeadlessService().desired(job)).dryRun().create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("metadata.name").contains("DNS-1035");
                });
    }

    /** A job with every optional object: a corpus to prepare, a disruption budget, the most workers. */
    static TrainingJob largestJob(String name) {
        GPTPretrain job = Jobs.with(Jobs.tiny(name), Map.of("workers.replicas", WorkersSpec.MAX_REPLICAS,
                "workers.disruptionBudget", true, "data.url", "https://example.org/books.txt"));
        job.getMetadata().setNamespace(namespace);
        job.getMetadata().setUid(UUID.randomUUID().toString());
        return new PretrainKind().view(job, TestSettings.DEFAULT);
    }

    static HasMetadata lastWorker(TrainingJob job) {
        List<WorkerPod> workers = WorkerPod.all(job);
        return workers.get(workers.size() - 1).desired(job);
    }
}
