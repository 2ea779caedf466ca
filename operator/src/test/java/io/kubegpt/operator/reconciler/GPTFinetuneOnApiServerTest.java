package io.kubegpt.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubegpt.api.v1alpha1.BaseCheckpoint;
import io.kubegpt.api.v1alpha1.CheckpointRecord;
import io.kubegpt.api.v1alpha1.Checkpoints;
import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.api.v1alpha1.Progress;
import io.kubegpt.operator.dependent.TrainerConfigMap;
import io.kubegpt.operator.status.Conditions;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.RunningOperator;
import io.kubegpt.operator.testing.TestCluster;
import io.kubegpt.operator.testing.TestSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GPTFinetune controller against a real kube-apiserver, the base GPTPretrains' statuses written by the test: a
 * fine-tune waits for its base, starts from the base's checkpoint on its volume mounted read-only, and fails, naming
 * spec.base.pretrain, when the base fails or does not exist.
 */
class GPTFinetuneOnApiServerTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static KubernetesClient client;
    static String namespace;
    static RunningOperator operator;

    @BeforeAll
    static void startOperator() {
        client = TestCluster.get().client();
        namespace = TestCluster.get().newNamespace("finetune");
        operator = RunningOperator.finetunesOnly(TestSettings.DEFAULT, namespace);
    }

    @AfterAll
    static void stopOperator() {
        operator.close();
    }

    @Test
    void waitsForItsBaseThenStartsFromTheFinalCheckpointMountedReadOnly() {
        createBase("base-a");
        setBaseStatus("base-a", Phase.Running, null, 20L);
        create(Jobs.classification("ft-a", "base-a"));

        GPTJobStatus waiting = awaitStatus("ft-a", status -> condition(status, Conditions.WAITING_FOR_BASE)
                .filter(c -> "True".equals(c.getStatus())).isPresent());
        assertThat(waiting.getPhase()).isEqualTo(Phase.Pending);
        assertThat(condition(waiting, Conditions.WAITING_FOR_BASE).orElseThrow().getMessage())
                .contains("base-a", "spec.base.pretrain", "succeed");
        assertThat(client.pods().inNamespace(namespace).withName("ft-a-worker-0").get()).isNull();

        setBaseStatus("base-a", Phase.Succeeded, "/checkpoints/base-a/checkpoints/step-00000060", 60L);
        Pod worker = awaitPod("ft-a-worker-0");

        Container trainer = worker.getSpec().getContainers().get(0);
        assertThat(trainer.getArgs()).containsSubsequence("finetune", "/etc/kubegpt/job.yaml")
                .containsSubsequence("--base", "/base/base-a/checkpoints/step-00000060");
        VolumeMount baseMount = trainer.getVolumeMounts().stream().filter(m -> "/base".equals(m.getMountPath()))
                .findFirst().orElseThrow();
        assertThat(baseMount.getReadOnly()).isTrue();
        Volume baseVolume = worker.getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(baseMount.getName())).findFirst().orElseThrow();
        assertThat(baseVolume.getPersistentVolumeClaim().getClaimName()).isEqualTo("base-a-checkpoints");
        assertThat(baseVolume.getPersistentVolumeClaim().getReadOnly()).isTrue();
        assertThat(trainer.getVolumeMounts()).filteredOn(m -> "/checkpoints".equals(m.getMountPath()))
                .singleElement().satisfies(m -> assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE));
        assertThat(worker.getSpec().getVolumes()).filteredOn(v -> "checkpoints".equals(v.getName()))
                .singleElement().satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName())
                        .isEqualTo("ft-a-checkpoints"));

        GPTJobStatus started = awaitStatus("ft-a", status -> condition(status, Conditions.WAITING_FOR_BASE)
                .filter(c -> "False".equals(c.getStatus())).isPresent());
        assertThat(condition(started, Conditions.WAITING_FOR_BASE).orElseThrow().getMessage())
                .contains("base-a", "step 60");
        ConfigMap config = client.configMaps().inNamespace(namespace).withName("ft-a-trainer-config").get();
        assertThat(config.getData().get(TrainerConfigMap.JOB_FILE)).contains("kind: \"GPTFinetune\"");
        assertThat(TrainerConfigMap.base(config).orElseThrow().folder())
                .isEqualTo("/base/base-a/checkpoints/step-00000060");
    }

    @Test
    void theLatestCheckpointStartsWhileTheBaseStillTrains() {
        createBase("base-l");
        setBaseStatus("base-l", Phase.Running, "/checkpoints/base-l/checkpoints/step-00000020", 20L);
        GPTFinetune job = Jobs.classification("ft-l", "base-l");
        job.getSpec().getBase().setCheckpoint(BaseCheckpoint.LATEST);
        create(job);

        Pod worker = awaitPod("ft-l-worker-0");

        assertThat(worker.getSpec().getContainers().get(0).getArgs())
                .containsSubsequence("--base", "/base/base-l/checkpoints/step-00000020");
    }

    @Test
    void failsWhenTheBaseFails() {
        createBase("base-f");
        setBaseStatus("base-f", Phase.Running, null, 5L);
        create(Jobs.classification("ft-f", "base-f"));
        awaitStatus("ft-f", status -> status.getPhase() == Phase.Pending);

        setBaseStatus("base-f", Phase.Failed, null, 5L);
        GPTJobStatus failed = awaitStatus("ft-f", status -> status.getPhase() == Phase.Failed);

        Condition reason = condition(failed, Conditions.FAILED).orElseThrow();
        assertThat(reason.getStatus()).isEqualTo("True");
        assertThat(reason.getReason()).isEqualTo(BaseResolution.BASE_FAILED);
        assertThat(reason.getMessage()).contains("spec.base.pretrain", "base-f", "failed");
        assertThat(failed.getMessage()).contains("spec.base.pretrain");
        assertThat(client.pods().inNamespace(namespace).withName("ft-f-worker-0").get()).isNull();
    }

    @Test
    void failsWhenTheBaseIsMissingAfterTheGracePeriod() {
        create(Jobs.classification("ft-m", "no-such-pretrain"));

        GPTJobStatus failed = awaitStatus("ft-m", status -> status.getPhase() == Phase.Failed);

        Condition reason = condition(failed, Conditions.FAILED).orElseThrow();
        assertThat(reason.getReason()).isEqualTo(BaseResolution.BASE_NOT_FOUND);
        assertThat(reason.getMessage()).contains("spec.base.pretrain", "no-such-pretrain", "does not exist");
        assertThat(client.pods().inNamespace(namespace).withName("ft-m-worker-0").get()).isNull();
    }

    @Test
    void aBaseAppliedAfterTheFinetuneWithinTheGracePeriodIsUsed() {
        create(Jobs.classification("ft-late", "base-late"));
        awaitStatus("ft-late", status -> condition(status, Conditions.WAITING_FOR_BASE)
                .filter(c -> BaseResolution.BASE_NOT_FOUND.equals(c.getReason())).isPresent());

        createBase("base-late");

        GPTJobStatus waiting = awaitStatus("ft-late", status -> condition(status, Conditions.WAITING_FOR_BASE)
                .filter(c -> BaseResolution.BASE_TRAINING.equals(c.getReason())).isPresent());
        assertThat(waiting.getPhase()).isEqualTo(Phase.Pending);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                finetune("ft-late").getStatus().getPhase() == Phase.Pending);
    }

    @Test
    void aFinetuneOnAMissingClaimIsInvalid() {
        GPTFinetune job = Jobs.with(Jobs.classification("ft-invalid", null), java.util.Map.of(
                "base.path", "/gpt1/final", "base.claimName", "missing-models"));
        create(job);

        GPTJobStatus failed = awaitStatus("ft-invalid", status -> status.getPhase() == Phase.Failed);

        Condition reason = condition(failed, Conditions.FAILED).orElseThrow();
        assertThat(reason.getReason()).isEqualTo(Conditions.INVALID_SPEC);
        assertThat(reason.getMessage()).contains("spec.base.claimName", "missing-models");
    }

    @Test
    void aFinetuneOnTwoWorkersIsAcceptedAndStartsBothRanks() {
        createBase("base-dp");
        setBaseStatus("base-dp", Phase.Succeeded, "/checkpoints/base-dp/checkpoints/step-00000060", 60L);
        create(Jobs.with(Jobs.classification("ft-dp", "base-dp"), java.util.Map.of("workers.replicas", 2)));

        Pod second = awaitPod("ft-dp-worker-1");
        Pod first = awaitPod("ft-dp-worker-0");

        for (Pod worker : List.of(first, second)) {
            Container trainer = worker.getSpec().getContainers().get(0);
            assertThat(trainer.getArgs()).containsSubsequence("finetune", "/etc/kubegpt/job.yaml");
            assertThat(trainer.getEnv()).anySatisfy(env -> {
                assertThat(env.getName()).isEqualTo("WORLD_SIZE");
                assertThat(env.getValue()).isEqualTo("2");
            });
        }
        assertThat(finetune("ft-dp").getStatus().getPhase()).isNotEqualTo(Phase.Failed);
    }

    private static void create(GPTFinetune job) {
        job.getMetadata().setNamespace(namespace);
        client.resource(job).create();
    }

    private static void createBase(String name) {
        GPTPretrain base = Jobs.tiny(name);
        base.getMetadata().setNamespace(namespace);
        client.resource(base).create();
    }

    private static void setBaseStatus(String name, Phase phase, String checkpointPath, Long step) {
        GPTPretrain base = client.resources(GPTPretrain.class).inNamespace(namespace).withName(name).get();
        GPTJobStatus status = new GPTJobStatus();
        status.setPhase(phase);
        status.setMessage(phase == Phase.Failed ? "worker-0 exited with code 1" : phase.name());
        Progress progress = new Progress();
        progress.setStep(step);
        progress.setTotalSteps(60L);
        status.setProgress(progress);
        if (checkpointPath != null) {
            CheckpointRecord record = new CheckpointRecord(step, checkpointPath, 3.0, "2026-01-01T00:00:00Z");
            Checkpoints checkpoints = new Checkpoints();
            checkpoints.setLatest(record);
            checkpoints.setKept(List.of(record));
            status.setCheckpoints(checkpoints);
        }
        base.setStatus(status);
        client.resource(base).updateStatus();
    }

    private static GPTFinetune finetune(String name) {
        return client.resources(GPTFinetune.class).inNamespace(namespace).withName(name).get();
    }

    private static Optional<Condition> condition(GPTJobStatus status, String type) {
        return status.getConditions() == null ? Optional.empty()
                : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static Pod awaitPod(String name) {
        return await().atMost(TIMEOUT).until(() -> client.pods().inNamespace(namespace).withName(name).get(),
                pod -> pod != null);
    }

    private static GPTJobStatus awaitStatus(String name, Predicate<GPTJobStatus> condition) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> finetune(name).getStatus(),
                status -> status != null && status.getPhase() != null && condition.test(status));
    }
}
