package io.kubegpt.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.PodStatusWriter;
import io.kubegpt.operator.testing.RunningOperator;
import io.kubegpt.operator.testing.ServiceAccountCredentials;
import io.kubegpt.operator.testing.TestCluster;
import io.kubegpt.operator.testing.TestSettings;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The operator acting as a ServiceAccount that holds only {@code operator-rbac.yaml}'s ClusterRole runs a job through
 * its whole life: creation of every object (the per-job Role included), a gang restart, suspend and success; then
 * a GPTFinetune on it starts.
 */
class LeastPrivilegeTest {

    final KubernetesClient admin = TestCluster.get().client();
    final PodStatusWriter kubelet = new PodStatusWriter(admin);
    final String namespace = TestCluster.get().newNamespace("rbac");

    @Test
    void theOperatorsClusterRoleIsEnough() {
        ClusterRole role = admin.rbac().clusterRoles()
                .load(LeastPrivilegeTest.class.getResourceAsStream("/operator-rbac.yaml")).item();
        admin.resource(role).serverSideApply();
        admin.resource(new ServiceAccountBuilder().withNewMetadata().withName("kubegpt-operator")
                .withNamespace(namespace).endMetadata().build()).create();
        admin.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("kubegpt-operator-" + namespace)
                .endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
                .withName(role.getMetadata().getName()).endRoleRef().addNewSubject().withKind("ServiceAccount")
                .withName("kubegpt-operator").withNamespace(namespace).endSubject().build()).create();

        try (RunningOperator operator = RunningOperator.start(
                ServiceAccountCredentials.client(namespace, "kubegpt-operator"), TestSettings.DEFAULT, namespace)) {
            GPTPretrain job = Jobs.tiny("least");
            job.getMetadata().setNamespace(namespace);
            admin.resource(job).create();
            Pod first = awaitPod();
            kubelet.running(first);
            awaitStatus(s -> s.getPhase() == Phase.Running);
            assertThat(admin.rbac().roles().inNamespace(namespace).withName("least-progress-writer").get()).isNotNull();

            kubelet.terminated(first, 1, "lost");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Pod pod = admin.pods().inNamespace(namespace).withName("least-worker-0").get();
                return pod != null && !pod.getMetadata().getUid().equals(first.getMetadata().getUid());
            });
            kubelet.running(awaitPod());
            assertThat(awaitStatus(s -> s.getPhase() == Phase.Running).getRestarts()).isEqualTo(1);

            kubelet.terminated(awaitPod(), 0, "{}");
            assertThat(awaitStatus(s -> s.getPhase().isFinished()).getPhase()).isEqualTo(Phase.Succeeded);
            assertThat(admin.v1().events().inNamespace(namespace).list().getItems()).isNotEmpty();

            GPTFinetune finetune = Jobs.classification("least-ft", "least");
            finetune.getMetadata().setNamespace(namespace);
            admin.resource(finetune).create();
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.pods().inNamespace(namespace)
                    .withName("least-ft-worker-0").get() != null);
        }
    }

    private Pod awaitPod() {
        return await().atMost(Duration.ofSeconds(30)).until(() -> admin.pods().inNamespace(namespace)
                .withName("least-worker-0").get(), pod -> pod != null && pod.getMetadata().getDeletionTimestamp() == null);
    }

    private GPTJobStatus awaitStatus(Predicate<GPTJobStatus> condition) {
        return GPTPretrainOnApiServerTest.awaitStatus(admin, namespace, "least",
                status -> status.getPhase() != null && condition.test(status), Duration.ofSeconds(30));
    }
}
