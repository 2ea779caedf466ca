package io.kubegpt.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.config.LeaderElection;
import io.kubegpt.operator.dependent.TrainingJob;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.PodStatusWriter;
import io.kubegpt.operator.testing.RunningOperator;
import io.kubegpt.operator.testing.TestCluster;
import io.kubegpt.operator.testing.TestSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two operator replicas on one real API server, as the chart runs them with {@code replicas: 2}: only the holder of
 * the Lease reconciles, and when it stops the other takes over within the lease duration and goes on where it left
 * off, with no restart lost or counted twice.
 */
class LeaderElectionOnApiServerTest {

    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void onlyTheLeaseHolderActsAndTheOtherTakesOverWithoutLosingOrDoublingARestart() {
        TestCluster cluster = TestCluster.get();
        KubernetesClient admin = cluster.client();
        String namespace = cluster.newNamespace("leaders");
        admin.resource(new LeaseBuilder().withNewMetadata().withName(LeaderElection.LEASE).withNamespace(namespace)
                .endMetadata().withNewSpec().withHolderIdentity("a-replica-that-stopped")
                .withLeaseDurationSeconds((int) LEASE.toSeconds()).withRenewTime(ZonedDateTime.now())
                .withAcquireTime(ZonedDateTime.now()).endSpec().build()).create();
        PodStatusWriter kubelet = new PodStatusWriter(admin);
        Map<String, RunningOperator> replicas = new HashMap<>();
        try {
            for (String identity : new String[] {"replica-a", "replica-b"}) {
                replicas.put(identity, RunningOperator.electing(election(namespace, identity), TestSettings.DEFAULT,
                        namespace));
            }
            admin.resource(Jobs.tiny("led")).inNamespace(namespace).create();

            Pod first = awaitPod(admin, namespace, 0);
            Lease lease = lease(admin, namespace);
            String leader = lease.getSpec().getHolderIdentity();
            assertThat(leader).isIn(replicas.keySet());
            assertThat(Instant.parse(first.getMetadata().getCreationTimestamp()))
                    .as("created only once a replica held the lease the stopped one left")
                    .isAfterOrEqualTo(lease.getSpec().getAcquireTime().toInstant().truncatedTo(ChronoUnit.SECONDS));

            kubelet.running(first);
            kubelet.terminated(first, 1, "lost");
            Pod second = awaitPod(admin, namespace, 1);
            assertThat(Jobs.awaitStatus(admin, namespace, "led", s -> Integer.valueOf(1).equals(s.getRestarts()), TIMEOUT).getPhase())
                    .isNotEqualTo(Phase.Failed);

            replicas.remove(leader).close();
            String successor = await().atMost(TIMEOUT)
                    .until(() -> lease(admin, namespace).getSpec().getHolderIdentity(), holder -> !leader.equals(holder));
            assertThat(successor).isIn(replicas.keySet());

            kubelet.running(second);
            kubelet.terminated(second, 1, "lost again");
            Pod third = awaitPod(admin, namespace, 2);
            assertThat(third.getMetadata().getLabels()).containsEntry(TrainingJob.ATTEMPT_LABEL, "2");
            assertThat(Jobs.awaitStatus(admin, namespace, "led", s -> s.getRestarts() != null && s.getRestarts() >= 2, TIMEOUT).getRestarts())
                    .isEqualTo(2);
        } finally {
            replicas.values().forEach(RunningOperator::close);
        }
    }

    private static LeaderElectionConfiguration election(String namespace, String identity) {
        return new LeaderElectionConfiguration(LeaderElection.LEASE, namespace, LEASE, LEASE.minusSeconds(1),
                Duration.ofMillis(500), identity, new LeaderCallbacks(() -> { }, () -> { }, holder -> { }), false);
    }

    private static Lease lease(KubernetesClient client, String namespace) {
        return client.leases().inNamespace(namespace).withName(LeaderElection.LEASE).get();
    }

    /** The worker pod of attempt {@code attempt}, once the operator created it. */
    private static Pod awaitPod(KubernetesClient client, String namespace, int attempt) {
        return await().atMost(TIMEOUT).until(() -> client.pods().inNamespace(namespace).withName("led-worker-0").get(),
                pod -> pod != null && pod.getMetadata().getDeletionTimestamp() == null
                        && Integer.toString(attempt).equals(pod.getMetadata().getLabels().get(TrainingJob.ATTEMPT_LABEL)));
    }
}
