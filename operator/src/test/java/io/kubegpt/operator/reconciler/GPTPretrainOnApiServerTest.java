package io.kubegpt.operator.reconciler;

import static io.kubegpt.operator.testing.OperatorNamespace.condition;
import static io.kubegpt.operator.testing.OperatorNamespace.hasTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
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
import io.kubegpt.api.v1alpha1.ZeroShotHeuristic;
import io.kubegpt.api.v1alpha1.ZeroShotScore;
import io.kubegpt.operator.dependent.DisruptionBudgetApi;
import io.kubegpt.operator.status.Conditions;
import io.kubegpt.operator.testing.Edits;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.OperatorNamespace;
import io.kubegpt.operator.testing.ServiceAccountCredentials;
import io.kubegpt.operator.testing.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator in this JVM against a real kube-apiserver, with the pods' statuses written by the test in place of a
 * kubelet: the objects of a GPTPretrain and their content, validation, the failure policy, suspend, deadlines, TTL,
 * progress folding, spec changes, garbage collection and an operator restart.
 */
class GPTPretrainOnApiServerTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    @RegisterExtension
    static final OperatorNamespace jobs = new OperatorNamespace("pretrain", TIMEOUT);

    @Test
    void aPretrainGetsItsObjects() {
        jobs.client().resource(new PriorityClassBuilder().withNewMetadata().withName("training").endMetadata()
                .withValue(1000).build()).serverSideApply();
        GPTPretrain job = Jobs.tiny("objects");
        job.getSpec().getWorkers().setReplicas(2);
        job.getSpec().getWorkers().setGpusPerWorker(2);
        job.getSpec().getTraining().setBatchSize(16);
        job.getSpec().getTraining().setSteps(1234L);
        job.getSpec().getWorkers().setNodeSelector(Map.of("pool", "gpu"));
        job.getSpec().getWorkers().setTolerations(List.of(new TolerationBuilder().withKey("gpu")
                .withOperator("Exists").withEffect("NoSchedule").build()));
        job.getSpec().getWorkers().setPriorityClassName("training");
        job.getSpec().getWorkers().setImagePullSecrets(List.of(new LocalObjectReference("registry")));
        jobs.create(job);

        Pod rank0 = jobs.awaitPod("objects-worker-0");
        Pod rank1 = jobs.awaitPod("objects-worker-1");
        assertThat(jobs.pods().list().getItems())
                .filteredOn(p -> p.getMetadata().getName().startsWith("objects-")).hasSize(2);
        assertThat(Jobs.env(rank0))
                .containsEntry("MASTER_ADDR", "objects-worker-0.objects-workers." + jobs.namespace() + ".svc")
                .containsEntry("MASTER_PORT", "29500").containsEntry("WORLD_SIZE", "4").containsEntry("RANK", "0")
                .containsEntry("KUBEGPT_PROGRESS_CONFIGMAP", "objects-progress");
        assertThat(Jobs.env(rank1)).containsEntry("RANK", "2").containsEntry("LOCAL_WORLD_SIZE", "2")
                .doesNotContainKey("KUBEGPT_PROGRESS_CONFIGMAP");
        Container trainer = rank0.getSpec().getContainers().get(0);
        assertThat(trainer.getImage()).isEqualTo("kubegpt/trainer-cuda:test");
        assertThat(trainer.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("2"))
                .containsEntry("memory", new Quantity("3Gi"));
        assertThat(trainer.getResources().getRequests()).containsEntry("cpu", new Quantity("1"));
        assertThat(trainer.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(trainer.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(rank0.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(trainer.getArgs()).contains("-Djava.io.tmpdir=/tmp");
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

        Service service = jobs.client().services().inNamespace(jobs.namespace()).withName("objects-workers").get();
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(service.getSpec().getPublishNotReadyAddresses()).isTrue();
        ConfigMap config = jobs.client().configMaps().inNamespace(jobs.namespace())
                .withName("objects-trainer-config").get();
        GPTPretrain trainerView = Serialization.unmarshal(config.getData().get("job.yaml"), GPTPretrain.class);
        assertThat(trainerView.getSpec().getTraining().getSteps()).isEqualTo(1234L);
        Role role = jobs.client().rbac().roles().inNamespace(jobs.namespace()).withName("objects-progress-writer")
                .get();
        assertThat(role.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getResourceNames()).containsExactly("objects-progress");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "patch");
        });
        PersistentVolumeClaim claim = jobs.client().persistentVolumeClaims().inNamespace(jobs.namespace())
                .withName("objects-checkpoints").get();
        assertThat(claim.getMetadata().getOwnerReferences()).as("checkpoints outlive the job").isEmpty();
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("1Gi"));

        GPTJobStatus status = jobs.awaitStatus("objects", s -> s.getPhase() == Phase.Pending);
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(status.getWorkers().getTotal()).isEqualTo(2);
    }

    @Test
    void theTrainerAccountMayOnlyWriteItsOwnProgress() {
        jobs.create(Jobs.tiny("rbac"));
        jobs.awaitPod("rbac-worker-0");
        try (KubernetesClient trainer = ServiceAccountCredentials.client(jobs.namespace(), "rbac-trainer")) {
            trainer.configMaps().inNamespace(jobs.namespace()).withName("rbac-progress")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"status.json\":\"{}\"}}");
            assertThat(trainer.configMaps().inNamespace(jobs.namespace()).withName("rbac-progress").get().getData())
                    .containsKey("status.json");
            assertForbidden(() -> trainer.configMaps().inNamespace(jobs.namespace()).withName("rbac-trainer-config")
                    .get());
            assertForbidden(() -> trainer.configMaps().inNamespace(jobs.namespace()).list());
            assertForbidden(() -> trainer.pods().inNamespace(jobs.namespace()).list());
            assertForbidden(() -> trainer.resources(GPTPretrain.class).inNamespace(jobs.namespace())
                    .withName("rbac").get());
        }
    }

    @Test
    void anInvalidSpecCreatesNothingUntilItIsFixed() {
        GPTPretrain job = Jobs.tiny("invalid");
        job.getSpec().getModel().setDModel(130);
        jobs.create(job);

        GPTJobStatus status = jobs.awaitStatus("invalid", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(status, Conditions.FAILED).getReason()).isEqualTo(Conditions.INVALID_SPEC);
        assertThat(status.getMessage()).contains("spec.model.dModel");
        assertThat(jobs.client().configMaps().inNamespace(jobs.namespace()).withLabel("kubegpt.io/job", "invalid")
                .list().getItems())
                .isEmpty();
        assertThat(jobs.pods().withLabel("kubegpt.io/job", "invalid").list().getItems())
                .isEmpty();

        Edits.edit(jobs.client().resources(GPTPretrain.class).inNamespace(jobs.namespace()).withName("invalid"), j -> {
            j.getSpec().getModel().setDModel(128);
            return j;
        });
        jobs.awaitPod("invalid-worker-0");
        status = jobs.awaitStatus("invalid", s -> s.getPhase() == Phase.Pending);
        assertThat(condition(status, Conditions.FAILED).getStatus()).isEqualTo("False");
        assertThat(status.getCompletionTime()).isNull();
    }

    @Test
    void anUnknownCheckpointClaimIsAnInvalidSpec() {
        GPTPretrain job = Jobs.tiny("noclaim");
        job.getSpec().getCheckpoint().setVolume(null);
        job.getSpec().getCheckpoint().setClaimName("missing");
        jobs.create(job);

        GPTJobStatus status = jobs.awaitStatus("noclaim", s -> s.getPhase() == Phase.Failed);
        assertThat(status.getMessage()).contains("spec.checkpoint.claimName").contains("missing");

        jobs.client().resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("missing")
                .withNamespace(jobs.namespace()).endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build())
                .create();
        Edits.edit(jobs.client().resources(GPTPretrain.class).inNamespace(jobs.namespace()).withName("noclaim"), j -> {
            j.getSpec().getCheckpoint().setKeepLast(3);
            return j;
        });
        Pod pod = jobs.awaitPod("noclaim-worker-0");
        assertThat(pod.getSpec().getVolumes()).anySatisfy(v -> assertThat(v.getPersistentVolumeClaim() == null
                ? null : v.getPersistentVolumeClaim().getClaimName()).isEqualTo("missing"));
    }

    @Test
    void aRunningJobReportsProgressAndIgnoresSpecChanges() {
        jobs.create(Jobs.tiny("running"));
        jobs.kubelet().running(jobs.awaitPod("running-worker-0"));
        GPTJobStatus running = jobs.awaitStatus("running", s -> s.getPhase() == Phase.Running);
        assertThat(running.getStartTime()).isNotNull();
        assertThat(running.getWorkers().getReady()).isEqualTo(1);

        GPTJobStatus report = new GPTJobStatus();
        Progress progress = new Progress();
        progress.setStep(42L);
        progress.setTotalSteps(300L);
        progress.setLoss(3.5);
        report.setProgress(progress);
        report.setBenchmark(new Benchmark());
        ZeroShotScore endings = new ZeroShotScore("story-ending", ZeroShotHeuristic.ANSWER_LIKELIHOOD, 0.72, 0.5, 100,
                40);
        ZeroShotScore grammar = new ZeroShotScore("grammar", ZeroShotHeuristic.ACCEPTABILITY, 0.61, 0.5, 500, 40);
        grammar.setThreshold(-2.25);
        report.getBenchmark().setZeroShot(List.of(endings, grammar));
        Edits.edit(jobs.client().configMaps().inNamespace(jobs.namespace()).withName("running-progress"), cm -> {
            cm.setData(Map.of("status.json", Serialization.asJson(report)));
            return cm;
        });
        GPTJobStatus reported = jobs.awaitStatus("running", s -> s.getProgress() != null
                && s.getProgress().getStep() == 42L);
        // read back from the API server: the zero-shot scores survive the CRD schema's pruning
        assertThat(reported.getBenchmark().getZeroShot()).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(endings, grammar);

        String uid = jobs.pod("running-worker-0").get().getMetadata().getUid();
        Edits.edit(jobs.client().resources(GPTPretrain.class).inNamespace(jobs.namespace()).withName("running"), j -> {
            j.getSpec().getTraining().setSteps(500L);
            j.getSpec().getModel().setLayers(3);
            j.getSpec().getWorkers().setReplicas(2);
            return j;
        });
        GPTJobStatus ignored = jobs.awaitStatus("running", s -> s.getObservedGeneration() == 2L
                && hasTrue(s, Conditions.SPEC_CHANGE_IGNORED));
        assertThat(condition(ignored, Conditions.SPEC_CHANGE_IGNORED).getMessage())
                .contains("spec.training.steps", "spec.model.layers", "spec.workers.replicas")
                .doesNotContain("spec.training.seed");
        assertThat(ignored.getPhase()).isEqualTo(Phase.Running);
        assertThat(jobs.pod("running-worker-0").get().getMetadata().getUid())
                .isEqualTo(uid);
        assertThat(jobs.pod("running-worker-1").get()).isNull();
        assertThat(ignored.getRestarts()).isZero();
    }

    @Test
    void aFailedWorkerRestartsTheGangFromTheCheckpoint() {
        jobs.create(Jobs.tiny("restart"));
        Pod first = jobs.awaitPod("restart-worker-0");
        jobs.kubelet().running(first);
        jobs.awaitStatus("restart", s -> s.getPhase() == Phase.Running);
        jobs.kubelet().terminated(first, 137, "killed");

        GPTJobStatus restarting = jobs.awaitStatus("restart", s -> s.getPhase() == Phase.Restarting
                || s.getRestarts() == 1 && s.getPhase() == Phase.Pending);
        assertThat(restarting.getRestarts()).isEqualTo(1);
        await().atMost(TIMEOUT).until(() -> {
            Pod pod = jobs.pod("restart-worker-0").get();
            return pod != null && !pod.getMetadata().getUid().equals(first.getMetadata().getUid());
        });
        jobs.kubelet().running(jobs.awaitPod("restart-worker-0"));
        GPTJobStatus running = jobs.awaitStatus("restart", s -> s.getPhase() == Phase.Running);
        assertThat(running.getRestarts()).isEqualTo(1);
    }

    @Test
    void exitCodeTwoFailsAtOnce() {
        jobs.create(Jobs.tiny("badinput"));
        Pod pod = jobs.awaitPod("badinput-worker-0");
        jobs.kubelet().terminated(pod, 2, "spec.data.validationFraction: too few windows");

        GPTJobStatus failed = jobs.awaitStatus("badinput", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.INVALID_INPUT);
        assertThat(failed.getMessage()).contains("too few windows");
        assertThat(failed.getRestarts()).isZero();
    }

    @Test
    void aNonFiniteNumberInAReportNeverFreezesTheStatus() {
        jobs.create(Jobs.tiny("nan"));
        jobs.kubelet().running(jobs.awaitPod("nan-worker-0"));
        jobs.awaitStatus("nan", s -> s.getPhase() == Phase.Running);

        report("nan", 43L, Double.NaN);
        GPTJobStatus withNaN = jobs.awaitStatus("nan", s -> s.getProgress() != null && s.getProgress()
                .getStep() == 43L);
        assertThat(withNaN.getProgress().getLoss()).isNull();
        assertThat(withNaN.getProgress().getTokensPerSecond()).isNull();
        report("nan", 44L, 3.25);
        GPTJobStatus after = jobs.awaitStatus("nan", s -> s.getProgress() != null && s.getProgress().getStep() == 44L);
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
        Edits.edit(jobs.client().configMaps().inNamespace(jobs.namespace()).withName(job + "-progress"), cm -> {
            cm.setData(Map.of("status.json", Serialization.asJson(report)));
            return cm;
        });
    }

    @Test
    void anOutOfMemoryKillSaysSoAndWhatToRaise() {
        jobs.create(Jobs.tiny("oom"));
        Pod pod = jobs.awaitPod("oom-worker-0");
        jobs.kubelet().running(pod);
        jobs.kubelet().terminated(pod, 137, "OOMKilled", null);

        GPTJobStatus restarting = jobs.awaitStatus("oom", s -> s.getRestarts() == 1);
        assertThat(condition(restarting, Conditions.RESTARTING).getMessage()).contains("oom-worker-0 was killed for "
                + "using more memory than its limit (OOMKilled, exit code 137)", "spec.workers.resources.limits.memory");
    }

    @Test
    void aDivergedTrainingFailsAtOnceAsDiverged() {
        jobs.create(Jobs.tiny("diverged"));
        Pod pod = jobs.awaitPod("diverged-worker-0");
        jobs.kubelet().terminated(pod, TrainerExitCodes.DIVERGED, "training diverged at step 40: the gradient norm is NaN");

        GPTJobStatus failed = jobs.awaitStatus("diverged", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.DIVERGED);
        assertThat(failed.getMessage()).contains("gradient norm is NaN");
        assertThat(failed.getRestarts()).isZero();
    }

    @Test
    void theBackoffLimitEndsTheRestartsAndKeepsTheFailedPodForItsLogs() {
        GPTPretrain job = Jobs.tiny("backoff");
        job.getSpec().setBackoffLimit(0);
        jobs.create(job);
        Pod pod = jobs.awaitPod("backoff-worker-0");
        jobs.kubelet().terminated(pod, 1, "Exception in thread \"main\" java.lang.IllegalStateException: boom");

        GPTJobStatus failed = jobs.awaitStatus("backoff", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.BACKOFF_LIMIT_EXCEEDED);
        assertThat(failed.getLastInterruption().getMessage()).contains("IllegalStateException: boom");
        assertThat(failed.getLastInterruption().getCounted()).isTrue();
        Pod kept = jobs.pod("backoff-worker-0").get();
        assertThat(kept.getMetadata().getUid()).isEqualTo(pod.getMetadata().getUid());
    }

    @Test
    void suspendDeletesTheWorkersAndResumeRecreatesThem() {
        jobs.create(Jobs.tiny("suspend"));
        jobs.kubelet().running(jobs.awaitPod("suspend-worker-0"));
        jobs.awaitStatus("suspend", s -> s.getPhase() == Phase.Running);

        setSuspend("suspend", true);
        jobs.awaitStatus("suspend", s -> s.getPhase() == Phase.Suspended);
        await().atMost(TIMEOUT).until(() -> jobs.pod("suspend-worker-0").get() == null);
        assertThat(jobs.client().persistentVolumeClaims().inNamespace(jobs.namespace())
                .withName("suspend-checkpoints").get())
                .isNotNull();

        setSuspend("suspend", false);
        jobs.awaitPod("suspend-worker-0");
        GPTJobStatus resumed = jobs.awaitStatus("suspend", s -> s.getPhase() == Phase.Pending);
        assertThat(condition(resumed, Conditions.SUSPENDED).getStatus()).isEqualTo("False");
        assertThat(condition(resumed, Conditions.SPEC_CHANGE_IGNORED)).as("suspend is applied, not ignored").isNull();
    }

    @Test
    void theActiveDeadlineFailsTheJob() {
        GPTPretrain job = Jobs.tiny("deadline");
        job.getSpec().setActiveDeadlineSeconds(2L);
        jobs.create(job);
        jobs.kubelet().running(jobs.awaitPod("deadline-worker-0"));

        GPTJobStatus failed = jobs.awaitStatus("deadline", s -> s.getPhase() == Phase.Failed);
        assertThat(condition(failed, Conditions.FAILED).getReason()).isEqualTo(Conditions.DEADLINE_EXCEEDED);
        await().atMost(TIMEOUT).until(() -> jobs.pod("deadline-worker-0")
                .get() == null);
    }

    @Test
    void aSucceededJobFoldsTheFinalSummaryAndIsCleanedAfterItsTtl() {
        GPTPretrain job = Jobs.tiny("done");
        job.getSpec().setTtlSecondsAfterFinished(2L);
        jobs.create(job);
        Pod pod = jobs.awaitPod("done-worker-0");
        jobs.kubelet().running(pod);
        jobs.awaitStatus("done", s -> s.getPhase() == Phase.Running);
        GPTJobStatus summary = new GPTJobStatus();
        summary.setPhase(Phase.Succeeded);
        summary.setMessage("trained 300 steps");
        Progress progress = new Progress();
        progress.setStep(300L);
        summary.setProgress(progress);
        summary.setBenchmark(new Benchmark());
        summary.getBenchmark().setPerplexity(9.5);
        jobs.kubelet().terminated(pod, 0, Serialization.asJson(summary));

        GPTJobStatus done = jobs.awaitStatus("done", s -> s.getPhase() == Phase.Succeeded);
        assertThat(done.getProgress().getStep()).isEqualTo(300L);
        assertThat(done.getBenchmark().getPerplexity()).isEqualTo(9.5);
        assertThat(done.getCompletionTime()).isNotNull();
        assertThat(condition(done, Conditions.COMPLETE).getStatus()).isEqualTo("True");
        await().atMost(TIMEOUT).until(() -> jobs.pod("done-worker-0").get() == null
                && jobs.client().services().inNamespace(jobs.namespace()).withName("done-workers").get() == null);
        assertThat(jobs.client().resources(GPTPretrain.class).inNamespace(jobs.namespace()).withName("done").get()
                .getStatus()
                .getPhase()).isEqualTo(Phase.Succeeded);
    }

    @Test
    void aDownloadedCorpusIsPreparedBeforeTheWorkersStart() {
        jobs.create(Jobs.with(Jobs.tiny("prepared"), Map.of("data.url", "https://example.org/books.txt")));
        Pod preparation = jobs.awaitPod("prepared-prepare");
        jobs.kubelet().running(preparation);
        jobs.awaitStatus("prepared", s -> s.getPhase() == Phase.Preparing);
        assertThat(jobs.pod("prepared-worker-0").get()).isNull();

        jobs.kubelet().terminated(preparation, 0, "");
        jobs.awaitPod("prepared-worker-0");
        GPTJobStatus status = jobs.awaitStatus("prepared", s -> hasTrue(s, Conditions.PREPARED));
        assertThat(status.getPhase()).isEqualTo(Phase.Pending);
    }

    @Test
    void everyTransitionIsAnEvent() {
        jobs.create(Jobs.tiny("events"));
        jobs.kubelet().running(jobs.awaitPod("events-worker-0"));
        jobs.awaitStatus("events", s -> s.getPhase() == Phase.Running);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(jobs.client().v1().events()
                .inNamespace(jobs.namespace()).list()
                .getItems()).filteredOn(e -> "events".equals(e.getInvolvedObject().getName()))
                .extracting(e -> e.getReason()).contains("WorkersStarting", "WorkersRunning"));
    }

    @Test
    void deletingTheJobDeletesWhatItOwnsButKeepsTheCheckpoints() {
        Assumptions.assumeTrue(TestCluster.get().garbageCollects(), "kube-controller-manager is not available: "
                + "garbage collection through owner references is not tested");
        GPTPretrain job = Jobs.tiny("deleted");
        job.getSpec().getWorkers().setDisruptionBudget(true);
        jobs.create(job);
        jobs.awaitPod("deleted-worker-0");
        var disruptionBudgets = jobs.client().resources(DisruptionBudgetApi.servedBy(jobs.client()).type())
                .inNamespace(jobs.namespace());
        await().atMost(TIMEOUT).until(() -> disruptionBudgets.withName("deleted-workers").get() != null);
        assertThat(jobs.client().network().v1().networkPolicies().inNamespace(jobs.namespace())
                .withName("deleted-workers").get())
                .isNotNull();
        jobs.client().resources(GPTPretrain.class).inNamespace(jobs.namespace()).withName("deleted").delete();

        await().atMost(Duration.ofSeconds(60)).until(() -> jobs.pods()
                .withLabel("kubegpt.io/job", "deleted").list().getItems().isEmpty()
                && jobs.client().configMaps().inNamespace(jobs.namespace()).withLabel("kubegpt.io/job", "deleted")
                .list()
                .getItems().isEmpty()
                && jobs.client().services().inNamespace(jobs.namespace()).withName("deleted-workers").get() == null
                && jobs.client().serviceAccounts().inNamespace(jobs.namespace()).withName("deleted-trainer")
                .get() == null
                && jobs.client().network().v1().networkPolicies().inNamespace(jobs.namespace())
                .withName("deleted-workers")
                .get() == null
                && disruptionBudgets.withName("deleted-workers").get() == null);
        assertThat(jobs.client().persistentVolumeClaims().inNamespace(jobs.namespace())
                .withName("deleted-checkpoints").get())
                .isNotNull();
    }

    static void setSuspend(String name, boolean suspend) {
        Edits.edit(jobs.client().resources(GPTPretrain.class).inNamespace(jobs.namespace()).withName(name), j -> {
            j.getSpec().setSuspend(suspend);
            return j;
        });
    }

    static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> assertThat(e.getCode()).isEqualTo(403));
    }
}
