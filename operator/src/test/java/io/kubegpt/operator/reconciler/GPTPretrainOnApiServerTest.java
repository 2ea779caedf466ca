package io.kubegpt.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubegpt.api.v1alpha1.Benchmark;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.api.v1alpha1.Progress;
import io.kubegpt.operator.dependent.DisruptionBudgetApi;
import io.kubegpt.operator.status.Conditions;
import io.kubegpt.operator.testing.Edits;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.PodStatusWriter;
import io.kubegpt.operator.testing.RunningOperator;
import io.kubegpt.operator.testing.ServiceAccountCredentials;
import io.kubegpt.operator.testing.TestCluster;
import io.kubegpt.operator.testing.TestSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator in this JVM against a real kube-apiserver, with the pods' statuses written by the test in place of a
 * kubelet: the objects of a GPTPretrain and their content, validation, the failure policy, suspend, deadlines, TTL,
 * progress folding, spec changes, garbage collection and an operator restart.
 */
class GPTPretrainOnApiServerTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static TestCluster cluster;
    static KubernetesClient client;
    static PodStatusWriter kubelet;
    static String namespace;
    static RunningOperator operator;

    @BeforeAll
    static void startOperator() {
        cluster = TestCluster.get();
        client = cluster.client();
        kubelet = new PodStatusWriter(client);
        namespace = cluster.newNamespace("pretrain");
        operator = RunningOperator.start(TestSettings.DEFAULT, namespace);
    }

    @AfterAll
    static void stopOperator() {
        operator.close();
    }

    @Test
    void aPretrainGetsItsObjects() {
        client.resource(new PriorityClassBuilder().withNewMetadata().withName("training").endMetadata()
                .withValue(1000).build()).serverSideApply();
        GPTPretrain job = Jobs.tiny("objects");
        job.getSpec().getWorkers().setReplicas(2);
        job.getSpec().getWorkers().setGpusPerWorker(2);
        job.getSpec().getTraining().setBatchSize(16);
        job.getSpec().getWorkers().setNodeSelector(Map.of("pool", "gpu"));
        job.getSpec().getWorkers().setTolerations(List.of(new TolerationBuilder().withKey("gpu")
                .withOperator("Exists").withEffect("NoSchedule").build()));
        job.getSpec().getWorkers().setPriorityClassName("training");
        job.getSpec().getWorkers().setImagePullSecrets(List.of(new LocalObjectReference("registry")));
        create(job);

        Pod rank0 = awaitPod("objects-worker-0");
        Pod rank1 = awaitPod("objects-worker-1");
        assertThat(client.pods().inNamespace(namespace).list().getItems())
                .filteredOn(p -> p.getMetadata().getName().startsWith("objects-")).hasSize(2);
        assertThat(env(rank0)).containsEntry("MASTER_ADDR", "objects-worker-0.objects-workers." + namespace + ".svc")
                .containsEntry("MASTER_PORT", "29500").containsEntry("WORLD_SIZE", "4").containsEntry("RANK", "0")
                .containsEntry("KUBEGPT_PROGRESS_CONFIGMAP", "objects-progress");
        assertThat(env(rank1)).containsEntry("RANK", "2").containsEntry("LOCAL_WORLD_SIZE", "2")
                .doesNotContainKey("KUBEGPT_PROGRESS_CONFIGMAP");
        Container trainer = rank0.getSpec().getContainers().get(0);
        assertThat(trainer.getImage()).isEqualTo("kubegpt/trainer-cuda:test");
        assertThat(trainer.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("2"))
                .containsEntry("memory", new Quantity("3Gi"));
        assertThat(trainer.getResources().getRequests()).containsEntry("cpu", new Quantity("2"));
        assertThat(trainer.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(trainer.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(rank0.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(String.join(" ", env(rank0).get("JAVA_TOOL_OPTIONS"))).contains("-Djava.io.tmpdir=/tmp");
        assertThat(trainer.getVolumeMounts()).extracting(m -> m.getMountPath())
                .containsExactlyInAnyOrder("/tmp", "/checkpoints", "/etc/kubegpt");
        assertThat(rank0.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(rank0.getSpec().getAutomountServiceAccountToken()).isTrue();
        assertThat(rank1.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(rank0.getSpec().getServiceAccountName()).isEqualTo("objects-trainer");
        assertThat(rank0.getSpec().getHostname()).isEqualTo("objects-worker-0");
        assertThat(rank0.getSpec().getSubdomain()).isEqualTo("objects-workers");
        assertThat(rank0.getSpec().getNodeSelector()).containsEntry("pool", "gpu");
        assertThat(rank0.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()).singleElement().satisfies(term -> assertThat(term.getMatchExpressions())
                        .containsExactly(new NodeSelectorRequirement("nvidia.com/gpu.compute.major", "Lt", List.of("9"))));
        assertThat(rank0.getSpec().getTolerations()).extracting(t -> t.getKey()).contains("gpu");
        assertThat(rank0.getSpec().getPriorityClassName()).isEqualTo("training");
        assertThat(rank0.getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
                .containsExactly("registry");
        assertThat(rank0.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getKind()).isEqualTo("GPTPretrain"));

        Service service = client.services().inNamespace(namespace).withName("objects-workers").get();
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(service.getSpec().getPublishNotReadyAddresses()).isTrue();
        ConfigMap config = client.configMaps().inNamespace(namespace).withName("objects-trainer-config").get();
        GPTPretrain trainerView = Serialization.unmarshal(config.getData().get("job.yaml"), GPTPretrain.class);
        assertThat(trainerView.getSpec().getTraining().getSteps()).isEqualTo(600L);
        Role role = client.rbac().roles().inNamespace(namespace).withName("objects-progress-writer").get();
        assertThat(role.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getResourceNames()).containsExactly("objects-progress");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "patch");
        });
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(namespace)
                .withName("objects-checkpoints").get();
        assertThat(claim.getMetadata().getOwnerReferences()).as("checkpoints outlive the job").isEmpty();
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("1Gi"));

        GPTJobStatus status = awaitStatus("objects", s -> s.getPhase() == Phase.Pending);
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(status.getWorkers().getTotal()).isEqualTo(2);
    }

    @Test
    void theTrainerAccountMayOnlyWriteItsOwnProgress() {
        create(Jobs.tiny("rbac"));
        awaitPod("rbac-worker-0");
        try (KubernetesClient trainer = ServiceAccountCredentials.client(namespace, "rbac-trainer")) {
            trainer.configMaps().inNamespace(namespace).withName("rbac-progress")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"status.json\":\"{}\"}}");
            assertThat(trainer.configMaps().inNamespace(namespace).withName("rbac-progress").get().getData())
                    .containsKey("status.json");
            assertForbidden(() -> trainer.configMaps().inNamespace(namespace).withName("rbac-trainer-config").get());
            assertForbidden(() -> trainer.configMaps().inNamespace(namespace).list());
            assertForbidden(() -> trainer.pods().inNamespace(namespace).list());
            assertForbidden(() -> trainer.resources(GPTPretrain.class).inNamespace(namespace).withName("rbac").get());
        }
    }

    @Test
    void anInvalidSpecCreatesNothingUntilItIsFixed() {
        GPTPretrain job = Jobs.tiny("invalid");
        job.getSpec().getModel().setDModel(130);
        create(job);

        GPTJobStatus status = awaitStatus("invalid", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(status, Conditions.FAILED).getReason()).isEqualTo(Conditions.INVALID_SPEC);
        assertThat(status.getMessage()).contains("spec.model.dModel");
        assertThat(client.configMaps().inNamespace(namespace).withLabel("kubegpt.io/job", "invalid").list().getItems())
                .isEmpty();
        assertThat(client.pods().inNamespace(namespace).withLabel("kubegpt.io/job", "invalid").list().getItems())
                .isEmpty();

        Edits.edit(client.resources(GPTPretrain.class).inNamespace(namespace).withName("invalid"), j -> {
            j.getSpec().getModel().setDModel(128);
            return j;
        });
        awaitPod("invalid-worker-0");
        status = awaitStatus("invalid", s -> s.getPhase() == Phase.Pending);
        assertThat(condition(status, Conditions.FAILED).getStatus()).isEqualTo("False");
        assertThat(status.getCompletionTime()).isNull();
    }

    @Test
    void anUnknownCheckpointClaimIsAnInvalidSpec() {
        GPTPretrain job = Jobs.tiny("noclaim");
        job.getSpec().getCheckpoint().setVolume(null);
        job.getSpec().getCheckpoint().setClaimName("missing");
        create(job);

        GPTJobStatus status = awaitStatus("noclaim", s -> s.getPhase() == Phase.Failed);
        assertThat(status.getMessage()).contains("spec.checkpoint.claimName").contains("missing");

        client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("missing")
                .withNamespace(namespace).endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build())
                .create();
        Edits.edit(client.resources(GPTPretrain.class).inNamespace(namespace).withName("noclaim"), j -> {
            j.getSpec().getCheckpoint().setKeepLast(3);
            return j;
        });
        Pod pod = awaitPod("noclaim-worker-0");
        assertThat(pod.getSpec().getVolumes()).anySatisfy(v -> assertThat(v.getPersistentVolumeClaim() == null
                ? null : v.getPersistentVolumeClaim().getClaimName()).isEqualTo("missing"));
    }

    @Test
    void aRunningJobReportsProgressAndIgnoresSpecChanges() {
        create(Jobs.tiny("running"));
        kubelet.running(awaitPod("running-worker-0"));
        GPTJobStatus running = awaitStatus("running", s -> s.getPhase() == Phase.Running);
        assertThat(running.getStartTime()).isNotNull();
        assertThat(running.getWorkers().getReady()).isEqualTo(1);

        GPTJobStatus report = new GPTJobStatus();
        Progress progress = new Progress();
        progress.setStep(42L);
        progress.setTotalSteps(300L);
        progress.setLoss(3.5);
        report.setProgress(progress);
        Edits.edit(client.configMaps().inNamespace(namespace).withName("running-progress"), cm -> {
            cm.setData(Map.of("status.json", Serialization.asJson(report)));
            return cm;
        });
        awaitStatus("running", s -> s.getProgress() != null && s.getProgress().getStep() == 42L);

        String uid = client.pods().inNamespace(namespace).withName("running-worker-0").get().getMetadata().getUid();
        Edits.edit(client.resources(GPTPretrain.class).inNamespace(namespace).withName("running"), j -> {
            j.getSpec().getTraining().setSteps(500L);
            j.getSpec().getModel().setLayers(3);
            j.getSpec().getWorkers().setReplicas(2);
            return j;
        });
        GPTJobStatus ignored = awaitStatus("running", s -> s.getObservedGeneration() == 2L
                && hasTrue(s, Conditions.SPEC_CHANGE_IGNORED));
        assertThat(condition(ignored, Conditions.SPEC_CHANGE_IGNORED).getMessage())
                .contains("spec.training.steps", "spec.model.layers", "spec.workers.replicas")
                .doesNotContain("spec.training.seed");
        assertThat(ignored.getPhase()).isEqualTo(Phase.Running);
        assertThat(client.pods().inNamespace(namespace).withName("running-worker-0").get().getMetadata().getUid())
                .isEqualTo(uid);
        assertThat(client.pods().inNamespace(namespace).withName("running-worker-1").get()).isNull();
        assertThat(ignored.getRestarts()).isZero();
    }

    @Test
    void aFailedWorkerRestartsTheGangFromTheCheckpoint() {
        create(Jobs.tiny("restart"));
        Pod first = awaitPod("restart-worker-0");
        kubelet.running(first);
        awaitStatus("restart", s -> s.getPhase() == Phase.Running);
        kubelet.terminated(first, 137, "killed");

        GPTJobStatus restarting = awaitStatus("restart", s -> s.getPhase() == Phase.Restarting
                || s.getRestarts() == 1 && s.getPhase() == Phase.Pending);
        assertThat(restarting.getRestarts()).isEqualTo(1);
        await().atMost(TIMEOUT).until(() -> {
            Pod pod = client.pods().inNamespace(namespace).withName("restart-worker-0").get();
            return pod != null && !pod.getMetadata().getUid().equals(first.getMetadata().getUid());
        });
        kubelet.running(awaitPod("restart-worker-0"));
        GPTJobStatus running = awaitStatus("restart", s -> s.getPhase() == Phase.Running);
        assertThat(running.getRestarts()).isEqualTo(1);
    }

    @Test
    void exitCodeTwoFailsAtOnce() {
        create(Jobs.tiny("badinput"));
        Pod pod = awaitPod("badinput-worker-0");
        kubelet.terminated(pod, 2, "spec.data.validationFraction: too few windows");

        GPTJobStatus failed = awaitStatus("badinput", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.INVALID_INPUT);
        assertThat(failed.getMessage()).contains("too few windows");
        assertThat(failed.getRestarts()).isZero();
    }

    @Test
    void aNonFiniteNumberInAReportNeverFreezesTheStatus() {
        create(Jobs.tiny("nan"));
        kubelet.running(awaitPod("nan-worker-0"));
        awaitStatus("nan", s -> s.getPhase() == Phase.Running);

        report("nan", 43L, Double.NaN);
        GPTJobStatus withNaN = awaitStatus("nan", s -> s.getProgress() != null && s.getProgress().getStep() == 43L);
        assertThat(withNaN.getProgress().getLoss()).isNull();
        assertThat(withNaN.getProgress().getTokensPerSecond()).isNull();
        report("nan", 44L, 3.25);
        GPTJobStatus after = awaitStatus("nan", s -> s.getProgress() != null && s.getProgress().getStep() == 44L);
        assertThat(after.getProgress().getLoss()).isEqualTo(3.25);
    }

    /** What the trainer's progress channel writes: step, loss, and a tokens/s that is infinite on the first step. */
    private void report(String job, long step, double loss) {
        GPTJobStatus report = new GPTJobStatus();
        Progress progress = new Progress();
        progress.setStep(step);
        progress.setTotalSteps(300L);
        progress.setLoss(loss);
        progress.setTokensPerSecond(Double.POSITIVE_INFINITY);
        report.setProgress(progress);
        Edits.edit(client.configMaps().inNamespace(namespace).withName(job + "-progress"), cm -> {
            cm.setData(Map.of("status.json", Serialization.asJson(report)));
            return cm;
        });
    }

    @Test
    void anOutOfMemoryKillSaysSoAndWhatToRaise() {
        create(Jobs.tiny("oom"));
        Pod pod = awaitPod("oom-worker-0");
        kubelet.running(pod);
        kubelet.terminated(pod, 137, "OOMKilled", null);

        GPTJobStatus restarting = awaitStatus("oom", s -> s.getRestarts() == 1);
        assertThat(condition(restarting, Conditions.RESTARTING).getMessage()).contains("oom-worker-0 was killed for "
                + "using more memory than its limit (OOMKilled, exit code 137)", "spec.workers.resources.limits.memory");
    }

    @Test
    void aDivergedTrainingFailsAtOnceAsDiverged() {
        create(Jobs.tiny("diverged"));
        Pod pod = awaitPod("diverged-worker-0");
        kubelet.terminated(pod, TrainerExitCodes.DIVERGED, "training diverged at step 40: the gradient norm is NaN");

        GPTJobStatus failed = awaitStatus("diverged", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.DIVERGED);
        assertThat(failed.getMessage()).contains("gradient norm is NaN");
        assertThat(failed.getRestarts()).isZero();
    }

    @Test
    void theBackoffLimitEndsTheRestartsAndKeepsTheFailedPodForItsLogs() {
        GPTPretrain job = Jobs.tiny("backoff");
        job.getSpec().setBackoffLimit(0);
        create(job);
        Pod pod = awaitPod("backoff-worker-0");
        kubelet.terminated(pod, 1, "Exception in thread \"main\" java.lang.IllegalStateException: boom");

        GPTJobStatus failed = awaitStatus("backoff", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.BACKOFF_LIMIT_EXCEEDED);
        assertThat(failed.getLastInterruption().getMessage()).contains("IllegalStateException: boom");
        assertThat(failed.getLastInterruption().getCounted()).isTrue();
        Pod kept = client.pods().inNamespace(namespace).withName("backoff-worker-0").get();
        assertThat(kept.getMetadata().getUid()).isEqualTo(pod.getMetadata().getUid());
    }

    @Test
    void suspendDeletesTheWorkersAndResumeRecreatesThem() {
        create(Jobs.tiny("suspend"));
        kubelet.running(awaitPod("suspend-worker-0"));
        awaitStatus("suspend", s -> s.getPhase() == Phase.Running);

        setSuspend("suspend", true);
        awaitStatus("suspend", s -> s.getPhase() == Phase.Suspended);
        await().atMost(TIMEOUT).until(() -> client.pods().inNamespace(namespace).withName("suspend-worker-0").get() == null);
        assertThat(client.persistentVolumeClaims().inNamespace(namespace).withName("suspend-checkpoints").get())
                .isNotNull();

        setSuspend("suspend", false);
        awaitPod("suspend-worker-0");
        GPTJobStatus resumed = awaitStatus("suspend", s -> s.getPhase() == Phase.Pending);
        assertThat(condition(resumed, Conditions.SUSPENDED).getStatus()).isEqualTo("False");
        assertThat(condition(resumed, Conditions.SPEC_CHANGE_IGNORED)).as("suspend is applied, not ignored").isNull();
    }

    @Test
    void theActiveDeadlineFailsTheJob() {
        GPTPretrain job = Jobs.tiny("deadline");
        job.getSpec().setActiveDeadlineSeconds(2L);
        create(job);
        kubelet.running(awaitPod("deadline-worker-0"));

        GPTJobStatus failed = awaitStatus("deadline", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.DEADLINE_EXCEEDED);
        await().atMost(TIMEOUT).until(() -> client.pods().inNamespace(namespace).withName("deadline-worker-0")
                .get() == null);
    }

    @Test
    void aSucceededJobFoldsTheFinalSummaryAndIsCleanedAfterItsTtl() {
        GPTPretrain job = Jobs.tiny("done");
        job.getSpec().setTtlSecondsAfterFinished(2L);
        create(job);
        Pod pod = awaitPod("done-worker-0");
        kubelet.running(pod);
        awaitStatus("done", s -> s.getPhase() == Phase.Running);
        GPTJobStatus summary = new GPTJobStatus();
        summary.setPhase(Phase.Succeeded);
        summary.setMessage("trained 300 steps");
        Progress progress = new Progress();
        progress.setStep(300L);
        summary.setProgress(progress);
        summary.setBenchmark(new Benchmark());
        summary.getBenchmark().setPerplexity(9.5);
        kubelet.terminated(pod, 0, Serialization.asJson(summary));

        GPTJobStatus done = awaitStatus("done", s -> s.getPhase() == Phase.Succeeded);
        assertThat(done.getProgress().getStep()).isEqualTo(300L);
        assertThat(done.getBenchmark().getPerplexity()).isEqualTo(9.5);
        assertThat(done.getCompletionTime()).isNotNull();
        assertThat(condition(done, Conditions.COMPLETE).getStatus()).isEqualTo("True");
        await().atMost(TIMEOUT).until(() -> client.pods().inNamespace(namespace).withName("done-worker-0").get() == null
                && client.services().inNamespace(namespace).withName("done-workers").get() == null);
        assertThat(client.resources(GPTPretrain.class).inNamespace(namespace).withName("done").get().getStatus()
                .getPhase()).isEqualTo(Phase.Succeeded);
    }

    @Test
    void aDownloadedCorpusIsPreparedBeforeTheWorkersStart() {
        create(Jobs.with(Jobs.tiny("prepared"), Map.of("data.url", "https://example.org/books.txt")));
        Pod preparation = awaitPod("prepared-prepare");
        kubelet.running(preparation);
        awaitStatus("prepared", s -> s.getPhase() == Phase.Preparing);
        assertThat(client.pods().inNamespace(namespace).withName("prepared-worker-0").get()).isNull();

        kubelet.terminated(preparation, 0, "");
        awaitPod("prepared-worker-0");
        GPTJobStatus status = awaitStatus("prepared", s -> hasTrue(s, Conditions.PREPARED));
        assertThat(status.getPhase()).isEqualTo(Phase.Pending);
    }

    @Test
    void everyTransitionIsAnEvent() {
        create(Jobs.tiny("events"));
        kubelet.running(awaitPod("events-worker-0"));
        awaitStatus("events", s -> s.getPhase() == Phase.Running);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.v1().events().inNamespace(namespace).list()
                .getItems()).filteredOn(e -> "events".equals(e.getInvolvedObject().getName()))
                .extracting(e -> e.getReason()).contains("WorkersStarting", "WorkersRunning"));
    }

    @Test
    void deletingTheJobDeletesWhatItOwnsButKeepsTheCheckpoints() {
        Assumptions.assumeTrue(cluster.garbageCollects(), "kube-controller-manager is not available: "
                + "garbage collection through owner references is not tested");
        GPTPretrain job = Jobs.tiny("deleted");
        job.getSpec().getWorkers().setDisruptionBudget(true);
        create(job);
        awaitPod("deleted-worker-0");
        var disruptionBudgets = client.resources(DisruptionBudgetApi.servedBy(client).type()).inNamespace(namespace);
        await().atMost(TIMEOUT).until(() -> disruptionBudgets.withName("deleted-workers").get() != null);
        assertThat(client.network().v1().networkPolicies().inNamespace(namespace).withName("deleted-workers").get())
                .isNotNull();
        client.resources(GPTPretrain.class).inNamespace(namespace).withName("deleted").delete();

        await().atMost(Duration.ofSeconds(60)).until(() -> client.pods().inNamespace(namespace)
                .withLabel("kubegpt.io/job", "deleted").list().getItems().isEmpty()
                && client.configMaps().inNamespace(namespace).withLabel("kubegpt.io/job", "deleted").list()
                .getItems().isEmpty()
                && client.services().inNamespace(namespace).withName("deleted-workers").get() == null
                && client.serviceAccounts().inNamespace(namespace).withName("deleted-trainer").get() == null
                && client.network().v1().networkPolicies().inNamespace(namespace).withName("deleted-workers")
                .get() == null
                && disruptionBudgets.withName("deleted-workers").get() == null);
        assertThat(client.persistentVolumeClaims().inNamespace(namespace).withName("deleted-checkpoints").get())
                .isNotNull();
    }

    static void create(GPTPretrain job) {
        job.getMetadata().setNamespace(namespace);
        client.resource(job).create();
    }

    static void setSuspend(String name, boolean suspend) {
        Edits.edit(client.resources(GPTPretrain.class).inNamespace(namespace).withName(name), j -> {
            j.getSpec().setSuspend(suspend);
            return j;
        });
    }

    static Pod awaitPod(String name) {
        return await().atMost(TIMEOUT).until(() -> client.pods().inNamespace(namespace).withName(name).get(),
                pod -> pod != null && pod.getMetadata().getDeletionTimestamp() == null);
    }

    static GPTJobStatus awaitStatus(String name, Predicate<GPTJobStatus> condition) {
        return Jobs.awaitStatus(client, namespace, name, condition, TIMEOUT);
    }

    static Condition condition(GPTJobStatus status, String type) {
        return status.getConditions() == null ? null
                : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    static boolean hasTrue(GPTJobStatus status, String type) {
        Condition condition = condition(status, type);
        return condition != null && "True".equals(condition.getStatus());
    }

    static Map<String, String> env(Pod pod) {
        return pod.getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> assertThat(e.getCode()).isEqualTo(403));
    }
}
