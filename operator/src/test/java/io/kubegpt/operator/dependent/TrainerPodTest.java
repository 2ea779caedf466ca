package io.kubegpt.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.operator.reconciler.FinetuneKind;
import io.kubegpt.operator.reconciler.PretrainKind;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.TestSettings;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TrainerPodTest {

    static TrainingJob view(GPTPretrain job) {
        return view(job, TestSettings.DEFAULT);
    }

    static TrainingJob view(GPTPretrain job, TestSettings settings) {
        job.getMetadata().setNamespace("ml");
        job.getMetadata().setUid("uid-1");
        return new PretrainKind().view(job, settings);
    }

    static final NodeSelectorRequirement COMPUTE_MAJOR_BELOW_9 = new NodeSelectorRequirement(
            "nvidia.com/gpu.compute.major", "Lt", List.of("9"));

    static List<NodeSelectorTerm> requiredTerms(Pod pod) {
        return pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
    }

    @Test
    void eachWorkerGetsItsRanksAndRankZerosAddress() {
        TrainingJob job = view(Jobs.with(Jobs.tiny("gpt"), Map.of("workers.replicas", 3,
                "workers.gpusPerWorker", 4, "training.batchSize", 24)));

        Pod third = new WorkerPod(2).desired(job);

        assertThat(third.getMetadata().getName()).isEqualTo("gpt-worker-2");
        assertThat(Jobs.env(third)).containsEntry("MASTER_ADDR", "gpt-worker-0.gpt-workers.ml.svc")
                .containsEntry("WORLD_SIZE", "12").containsEntry("RANK", "8").containsEntry("LOCAL_WORLD_SIZE", "4")
                .containsEntry("NODE_RANK", "2")
                .containsEntry("KUBEGPT_RENDEZVOUS_SECRET", "secret gpt-rendezvous-0/secret");
        assertThat(third.getSpec().getContainers().get(0).getImage()).isEqualTo("kubegpt/trainer-cuda:test");
        assertThat(third.getSpec().getContainers().get(0).getArgs()).containsSubsequence("--local", "4");
    }

    @Test
    void gpuPodsStayOffNodesWhoseGpusTheCudaImageCannotRun() {
        TrainingJob job = view(Jobs.with(Jobs.tiny("gpt"), Map.of("workers.gpusPerWorker", 2,
                "data.claimName", "corpora", "data.path", "/books")));

        for (Pod pod : List.of(new WorkerPod(0).desired(job), new PreparationPod().desired(job))) {
            assertThat(requiredTerms(pod)).as(pod.getMetadata().getName()).singleElement()
                    .satisfies(term -> assertThat(term.getMatchExpressions()).containsExactly(COMPUTE_MAJOR_BELOW_9));
        }
    }

    @Test
    void theLimitJoinsEveryRequiredTermOfTheSpecsAffinityAndLeavesTheRestAsItIs() {
        Affinity spec = new AffinityBuilder()
                .withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey("pool").withOperator("In")
                .withValues("a100").endMatchExpression().endNodeSelectorTerm()
                .addNewNodeSelectorTerm().addNewMatchField().withKey("metadata.name").withOperator("In")
                .withValues("gpu-7").endMatchField().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(10).withNewPreference()
                .addNewMatchExpression().withKey("zone").withOperator("In").withValues("a").endMatchExpression()
                .endPreference().endPreferredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(1)
                .withNewPodAffinityTerm().withTopologyKey("kubernetes.io/hostname").endPodAffinityTerm()
                .endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity()
                .build();
        Affinity written = new AffinityBuilder(spec).build();
        TrainingJob job = view(Jobs.with(Jobs.tiny("gpt"), Map.of("workers.gpusPerWorker", 1,
                "workers.affinity", spec)));

        Pod worker = new WorkerPod(0).desired(job);

        List<NodeSelectorTerm> terms = requiredTerms(worker);
        assertThat(terms).hasSize(2);
        assertThat(terms.get(0).getMatchExpressions()).extracting(NodeSelectorRequirement::getKey)
                .containsExactly("pool", "nvidia.com/gpu.compute.major");
        assertThat(terms.get(1).getMatchFields()).extracting(NodeSelectorRequirement::getKey)
                .containsExactly("metadata.name");
        assertThat(terms.get(1).getMatchExpressions()).containsExactly(COMPUTE_MAJOR_BELOW_9);
        assertThat(worker.getSpec().getAffinity().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                .isEqualTo(spec.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
        assertThat(worker.getSpec().getAffinity().getPodAntiAffinity()).isEqualTo(spec.getPodAntiAffinity());
        assertThat(job.spec().getWorkers().getAffinity()).as("the spec is not changed").isEqualTo(written);
    }

    @Test
    void cpuPodsAJobThatOptsOutAndAnOperatorWithoutALimitKeepTheSpecsAffinity() {
        Affinity spec = new AffinityBuilder().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey("pool").withOperator("Exists")
                .endMatchExpression().endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().build();
        GPTPretrain gpu = Jobs.with(Jobs.tiny("gpt"), Map.of("workers.gpusPerWorker", 1, "workers.affinity", spec));

        assertThat(new WorkerPod(0).desired(view(Jobs.tiny("cpu"))).getSpec().getAffinity()).isNull();
        assertThat(new WorkerPod(0).desired(view(Jobs.with(Jobs.tiny("cpu"), Map.of("workers.affinity", spec))))
                .getSpec().getAffinity()).isEqualTo(spec);
        assertThat(new WorkerPod(0).desired(view(Jobs.with(gpu, Map.of("workers.gpuCompatibilityAffinity", false))))
                .getSpec().getAffinity()).isEqualTo(spec);
        for (OptionalInt off : List.of(OptionalInt.empty(), OptionalInt.of(0))) {
            assertThat(new WorkerPod(0).desired(view(gpu, TestSettings.DEFAULT.withGpuMaxComputeMajor(off)))
                    .getSpec().getAffinity()).as(off.toString()).isEqualTo(spec);
        }
        assertThat(requiredTerms(new WorkerPod(0).desired(view(gpu, TestSettings.DEFAULT
                .withGpuMaxComputeMajor(OptionalInt.of(9))))).get(0).getMatchExpressions())
                .contains(new NodeSelectorRequirement("nvidia.com/gpu.compute.major", "Lt", List.of("10")));
    }

    @Test
    void aWorkerWithoutGpusRunsOneRankItself() {
        TrainingJob job = view(Jobs.with(Jobs.tiny("gpt"), Map.of("workers.replicas", 2)));

        Pod second = new WorkerPod(1).desired(job);

        assertThat(Jobs.env(second)).containsEntry("RANK", "1").containsEntry("WORLD_SIZE", "2").doesNotContainKey("NODE_RANK");
        assertThat(second.getSpec().getContainers().get(0).getArgs()).doesNotContain("--local");
    }

    @Test
    void onlyWorkerZeroReportsAndHoldsAToken() {
        TrainingJob job = view(Jobs.with(Jobs.tiny("gpt"), Map.of("workers.replicas", 2)));

        Pod first = new WorkerPod(0).desired(job);
        Pod second = new WorkerPod(1).desired(job);

        assertThat(first.getSpec().getAutomountServiceAccountToken()).isTrue();
        assertThat(Jobs.env(first)).containsEntry("KUBEGPT_PROGRESS_CONFIGMAP", "gpt-progress")
                .containsEntry("KUBEGPT_TERMINATION_LOG", "/dev/termination-log");
        assertThat(second.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(Jobs.env(second)).doesNotContainKeys("KUBEGPT_PROGRESS_CONFIGMAP", "KUBEGPT_TERMINATION_LOG");
    }

    @Test
    void theContainerRunsTheTrainerLockedDown() {
        TrainingJob job = view(Jobs.with(Jobs.tiny("gpt"), Map.of("workers.image", "registry.example/trainer:1")));

        Container trainer = new WorkerPod(0).desired(job).getSpec().getContainers().get(0);

        assertThat(trainer.getImage()).isEqualTo("registry.example/trainer:1");
        assertThat(trainer.getArgs()).startsWith("-Djava.io.tmpdir=/tmp", "-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp")
                .containsSequence("-jar", "/app/kubegpt-trainer.jar", "pretrain", "/etc/kubegpt/job.yaml", "--output",
                        "/checkpoints/gpt");
        assertThat(trainer.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(trainer.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(Jobs.env(new WorkerPod(0).desired(job))).doesNotContainKey("JAVA_TOOL_OPTIONS");
    }

    @Test
    void theTemporaryFolderIsBoundedSoATrainerCannotFillItsNodesDisk() {
        Pod pod = new WorkerPod(0).desired(view(Jobs.tiny("gpt")));

        assertThat(pod.getSpec().getVolumes()).filteredOn(volume -> "tmp".equals(volume.getName())).singleElement()
                .satisfies(volume -> assertThat(volume.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("2Gi")));
    }

    @Test
    void aCorpusOnAClaimIsPreparedOnceAndMountedReadOnly() {
        TrainingJob job = view(Jobs.with(Jobs.tiny("gpt"), Map.of("data.claimName", "corpora",
                "data.path", "/books")));

        Pod preparation = new PreparationPod().desired(job);
        GPTPretrain trainerView = Serialization.unmarshal(new TrainerConfigMap().desired(job).getData()
                .get(TrainerConfigMap.JOB_FILE), GPTPretrain.class);

        assertThat(new PreparationPod().isWanted(job)).isTrue();
        assertThat(preparation.getSpec().getContainers().get(0).getArgs()).contains("prepare");
        assertThat(preparation.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(preparation.getSpec().getContainers().get(0).getVolumeMounts())
                .anySatisfy(mount -> {
                    assertThat(mount.getMountPath()).isEqualTo("/data");
                    assertThat(mount.getReadOnly()).isTrue();
                });
        assertThat(trainerView.getSpec().getData().getPath()).isEqualTo("/data/books");
        assertThat(new PreparationPod().isWanted(view(Jobs.tiny("sample")))).isFalse();
    }

    @Test
    void aFinetuneMountsItsBaseReadOnlyAndItsDataFromAClaim() {
        GPTFinetune finetune = Jobs.with(Jobs.classification("ft", "tiny"), Map.of("data.claimName", "labels",
                "data.train", "/sst/train.jsonl", "data.eval", "/sst/eval.jsonl"));
        finetune.getMetadata().setNamespace("ml");
        finetune.getMetadata().setUid("uid-2");
        TrainingJob job = new FinetuneKind().view(finetune, TestSettings.DEFAULT)
                .withBase(new BaseModel("tiny-checkpoints", "/base/tiny/checkpoints/step-00000060", "tiny"));

        Pod worker = new WorkerPod(0).desired(job);
        Container trainer = worker.getSpec().getContainers().get(0);
        GPTFinetune trainerView = Serialization.unmarshal(new TrainerConfigMap().desired(job).getData()
                .get(TrainerConfigMap.JOB_FILE), GPTFinetune.class);

        assertThat(trainer.getArgs()).containsSequence("finetune", "/etc/kubegpt/job.yaml", "--output", "/checkpoints/ft",
                "--base", "/base/tiny/checkpoints/step-00000060");
        assertThat(trainer.getVolumeMounts()).filteredOn(mount -> mount.getMountPath().equals("/base"))
                .singleElement().satisfies(mount -> assertThat(mount.getReadOnly()).isTrue());
        assertThat(worker.getSpec().getVolumes()).filteredOn(volume -> volume.getName().equals("base"))
                .singleElement().satisfies(volume -> {
                    assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("tiny-checkpoints");
                    assertThat(volume.getPersistentVolumeClaim().getReadOnly()).isTrue();
                });
        assertThat(trainerView.getSpec().getData().getTrain()).isEqualTo("/data/sst/train.jsonl");
        assertThat(trainerView.getSpec().getData().getEval()).isEqualTo("/data/sst/eval.jsonl");
        assertThat(TrainerConfigMap.base(new TrainerConfigMap().desired(job))).contains(job.base());
        assertThat(new PreparationPod().isWanted(job)).isFalse();
        assertThat(new WorkerPod(0).desired(view(Jobs.tiny("gpt"))).getSpec().getVolumes())
                .noneMatch(volume -> volume.getName().equals("base"));
    }
}
