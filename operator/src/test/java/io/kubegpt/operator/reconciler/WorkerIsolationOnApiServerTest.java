package io.kubegpt.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubegpt.api.trainer.TrainerEnvironment;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.dependent.DisruptionBudgetApi;
import io.kubegpt.operator.dependent.RendezvousSecret;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.OperatorNamespace;
import io.kubegpt.operator.testing.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The objects that fence a job's workers in, on a real kube-apiserver: the NetworkPolicy that admits only the job's
 * own pods, the rendezvous Secret only one attempt's workers hold, and the PodDisruptionBudget that makes an eviction (a node drain) wait until the job ends.
 */
class WorkerIsolationOnApiServerTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    @RegisterExtension
    static final OperatorNamespace jobs = new OperatorNamespace("isolation", TIMEOUT);

    @Test
    void theWorkersAdmitTrafficOnlyFromTheirOwnJob() {
        create(Jobs.tiny("neighbour"), false);
        Pod neighbour = jobs.awaitPod("neighbour-worker-0");
        create(Jobs.with(Jobs.tiny("fenced"), Map.of("workers.replicas", 2)), false);
        jobs.awaitPod("fenced-worker-0");
        jobs.awaitPod("fenced-worker-1");

        NetworkPolicy policy = jobs.client().network().v1().networkPolicies().inNamespace(jobs.namespace())
                .withName("fenced-workers")
                .get();
        assertThat(policy.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo("fenced"));
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(names(podsSelectedBy(policy.getSpec().getPodSelector())))
                .containsExactlyInAnyOrder("fenced-worker-0", "fenced-worker-1");
        assertThat(policy.getSpec().getIngress()).hasSize(1);
        NetworkPolicyIngressRule rule = policy.getSpec().getIngress().get(0);
        assertThat(rule.getPorts()).as("every port: Gloo connects on ephemeral ones").isNullOrEmpty();
        assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getNamespaceSelector()).as("pods of the job's own namespace").isNull();
            assertThat(peer.getIpBlock()).isNull();
            assertThat(names(podsSelectedBy(peer.getPodSelector())))
                    .containsExactlyInAnyOrder("fenced-worker-0", "fenced-worker-1")
                    .doesNotContain(neighbour.getMetadata().getName());
            assertThat(peer.getPodSelector().getMatchLabels()).as("any pod of the job, not only its workers")
                    .isEqualTo(Map.of("kubegpt.io/job", "fenced", "kubegpt.io/kind", "GPTPretrain"));
        });
    }

    @Test
    void eachAttemptsWorkersAloneGetItsOwnRendezvousSecret() {
        create(Jobs.tiny("single"), false);
        jobs.awaitPod("single-worker-0");
        create(Jobs.with(Jobs.tiny("paired"), Map.of("workers.replicas", 2)), false);
        Pod rank0 = jobs.awaitPod("paired-worker-0");
        Pod rank1 = jobs.awaitPod("paired-worker-1");

        Secret first = secret("paired-rendezvous-0");
        assertThat(first.getImmutable()).isTrue();
        assertThat(first.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo("paired"));
        assertThat(first.getData().get(RendezvousSecret.KEY)).as("32 random bytes, hexadecimal, base64-encoded")
                .hasSize(88);
        assertThat(rendezvousSecretOf(rank0)).isEqualTo(rendezvousSecretOf(rank1)).isEqualTo("paired-rendezvous-0");
        assertThat(secret("single-rendezvous-0")).as("one rank meets nobody").isNull();

        jobs.kubelet().running(rank0);
        jobs.kubelet().terminated(rank1, 1, "lost");
        Pod restarted = await().atMost(TIMEOUT).until(() -> jobs.pod("paired-worker-1").get(),
                pod -> pod != null && !pod.getMetadata().getUid().equals(rank1.getMetadata().getUid()));
        assertThat(rendezvousSecretOf(restarted)).isEqualTo("paired-rendezvous-1");
        Secret second = secret("paired-rendezvous-1");
        assertThat(second.getData().get(RendezvousSecret.KEY)).isNotEqualTo(first.getData().get(RendezvousSecret.KEY));
        await().atMost(TIMEOUT).until(() -> secret("paired-rendezvous-0") == null);
    }

    static Secret secret(String name) {
        return jobs.client().secrets().inNamespace(jobs.namespace()).withName(name).get();
    }

    static String rendezvousSecretOf(Pod pod) {
        EnvVar variable = pod.getSpec().getContainers().get(0).getEnv().stream()
                .filter(env -> env.getName().equals(TrainerEnvironment.RENDEZVOUS_SECRET)).findFirst().orElseThrow();
        assertThat(variable.getValue()).as("the value never appears in the pod").isNull();
        assertThat(variable.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(RendezvousSecret.KEY);
        return variable.getValueFrom().getSecretKeyRef().getName();
    }

    @Test
    void aJobHasNoDisruptionBudgetUnlessItAsks() {
        create(Jobs.tiny("unbudgeted"), false);
        jobs.awaitPod("unbudgeted-worker-0");

        assertThat(disruptionBudget("unbudgeted-workers")).isNull();
    }

    @Test
    void aDisruptionBudgetMakesAnEvictionWaitUntilTheJobEnds() {
        create(Jobs.with(Jobs.tiny("steady"), Map.of("workers.replicas", 2)), true);
        Pod rank0 = jobs.awaitPod("steady-worker-0");
        Pod rank1 = jobs.awaitPod("steady-worker-1");

        GenericKubernetesResource budget = await().atMost(TIMEOUT)
                .until(() -> disruptionBudget("steady-workers"), b -> b != null);
        assertThat(budget.getApiVersion()).isEqualTo(servedDisruptionBudgetApiVersion());
        assertThat(budget.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo("steady"));
        assertThat(budget.<Object>get("spec", "minAvailable")).as("every worker").isEqualTo(2);
        LabelSelector selector = Serialization.jsonMapper().convertValue(budget.get("spec", "selector"),
                LabelSelector.class);
        assertThat(names(podsSelectedBy(selector))).containsExactlyInAnyOrder("steady-worker-0", "steady-worker-1");

        Assumptions.assumeTrue(TestCluster.get().computesDisruptionBudgets(), "kube-controller-manager is not "
                + "available: evictions against the disruption budget are not tested");
        jobs.kubelet().running(rank0);
        jobs.kubelet().running(rank1);
        await().atMost(TIMEOUT).until(() -> disruptionBudget("steady-workers").<Object>get("status", "currentHealthy"),
                healthy -> Integer.valueOf(2).equals(healthy));
        assertThat(jobs.pod("steady-worker-1").evict())
                .as("evicting a worker of the running gang").isFalse();
        assertThat(jobs.pod("steady-worker-1").get().getMetadata()
                .getDeletionTimestamp()).isNull();

        jobs.kubelet().terminated(jobs.pod("steady-worker-1").get(), 0, "");
        jobs.kubelet().terminated(jobs.pod("steady-worker-0").get(), 0, "{}");
        GPTJobStatus done = Jobs.awaitStatus(jobs.client(), jobs.namespace(), "steady",
                s -> s.getPhase() != null && s.getPhase().isFinished(), TIMEOUT);
        assertThat(done.getPhase()).isEqualTo(Phase.Succeeded);
        assertThat(jobs.pod("steady-worker-1").evict())
                .as("evicting a worker of the finished job").isTrue();
    }

    static void create(GPTPretrain job, boolean disruptionBudget) {
        job.getSpec().getWorkers().setDisruptionBudget(disruptionBudget);
        jobs.create(job);
    }

    static GenericKubernetesResource disruptionBudget(String name) {
        return jobs.client().genericKubernetesResources(servedDisruptionBudgetApiVersion(), "PodDisruptionBudget")
                .inNamespace(jobs.namespace()).withName(name).get();
    }

    static String servedDisruptionBudgetApiVersion() {
        return HasMetadata.getApiVersion(DisruptionBudgetApi.servedBy(jobs.client()).type());
    }

    static List<Pod> podsSelectedBy(LabelSelector selector) {
        return jobs.pods().withLabelSelector(selector).list().getItems();
    }

    static List<String> names(List<Pod> pods) {
        return pods.stream().map(pod -> pod.getMetadata().getName()).toList();
    }
}
