package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubegpt.api.trainer.TrainerCommandLine;
import io.kubegpt.api.trainer.TrainerEnvironment;
import io.kubegpt.api.v1alpha1.WorkersSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What every trainer pod shares: the image, the trainer command on the job file, the checkpoint volume, scheduling
 * from the spec, and a locked-down container (non-root, read-only root filesystem, no privilege escalation, no
 * capabilities) whose only writable places are the checkpoint volume and an emptyDir on {@code /tmp}. The image's
 * native libraries are extracted at build time and loaded in place, so a pod extracts nothing when it starts (an
 * image without them extracts into {@code /tmp/javacpp}). Restart policy Never: the operator restarts the whole gang,
 * never a single rank. Every pod carries its attempt (label and {@link TrainerEnvironment#ATTEMPT}) and the job's UID,
 * so ranks of two attempts or two jobs never meet; its grace period lets the trainer save a checkpoint on SIGTERM.
 */
public abstract class TrainerPod implements OwnedObject<Pod> {

    public static final String WORKER = "worker";
    public static final String PREPARATION = "prepare";
    public static final String TRAINER_JAR = "/app/kubegpt-trainer.jar";
    public static final String CONFIG_MOUNT = "/etc/kubegpt";
    public static final String CHECKPOINT_MOUNT = "/checkpoints";
    public static final String DATA_MOUNT = "/data";
    /** Where a fine-tune's base checkpoint volume is mounted, read-only. */
    public static final String BASE_MOUNT = "/base";
    public static final String TMP_MOUNT = "/tmp";
    /**
     * What the {@code /tmp} emptyDir may hold: the native libraries an image without them in place extracts (about
     * 800 MB) and the JVM's temporary files, with room to spare. Past it the kubelet evicts the pod, which the
     * operator counts as a disruption, so a trainer filling it cannot fill its node's disk instead.
     */
    public static final String TMP_SIZE_LIMIT = "2Gi";
    /**
     * The trainer image's native libraries load in place; an image without them extracts into a cache on the
     * {@code /tmp} emptyDir, named here because a non-root user of an image may have no usable home folder. On the
     * command line rather than in JAVA_TOOL_OPTIONS, whose "Picked up" banner would open every log and be the whole
     * termination message of a process killed before it wrote one.
     */
    public static final List<String> JVM_OPTIONS = List.of("-Djava.io.tmpdir=" + TMP_MOUNT,
            "-Dorg.bytedeco.javacpp.cachedir=" + TMP_MOUNT + "/javacpp");
    public static final String TERMINATION_LOG = "/dev/termination-log";
    public static final String GPU_RESOURCE = "nvidia.com/gpu";
    private static final long NON_ROOT_ID = 1000;

    /** The trainer's output folder for this job on the checkpoint volume. */
    public static String outputDir(TrainingJob job) {
        return CHECKPOINT_MOUNT + "/" + job.name();
    }

    protected PodBuilder pod(TrainingJob job, String podName, String component, Container container,
            boolean serviceAccountToken) {
        WorkersSpec workers = job.spec().getWorkers();
        FlavourPlacement placement = job.placement(component);
        PodBuilder pod = new PodBuilder()
                .withMetadata(job.ownedMetadata(podName, component))
                .withNewSpec()
                .withRestartPolicy("Never")
                .withTerminationGracePeriodSeconds(workers.getTerminationGracePeriodSeconds())
                .withServiceAccountName(job.serviceAccountName())
                .withAutomountServiceAccountToken(serviceAccountToken)
                .withNodeSelector(placement.nodeSelector(workers.getNodeSelector()))
                .withAffinity(GpuNodeAffinity.of(workers, job.settings().gpuMaxComputeMajor()))
                .withTolerations(placement.tolerations(workers.getTolerations()))
                .withPriorityClassName(workers.getPriorityClassName())
                .withImagePullSecrets(workers.getImagePullSecrets())
                .withNewSecurityContext()
                .withRunAsNonRoot(true).withRunAsUser(NON_ROOT_ID).withRunAsGroup(NON_ROOT_ID).withFsGroup(NON_ROOT_ID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withContainers(container)
                .withVolumes(volumes(job))
                .endSpec();
        pod.editMetadata().addToLabels(TrainingJob.ATTEMPT_LABEL, Integer.toString(job.attempt())).endMetadata();
        return pod;
    }

    /** The trainer container; {@code localRanks} above 1 makes it launch one rank per GPU. */
    protected ContainerBuilder container(TrainingJob job, String command, List<EnvVar> env, int localRanks) {
        WorkersSpec workers = job.spec().getWorkers();
        List<EnvVar> allEnv = new ArrayList<>(env);
        allEnv.add(env(TrainerEnvironment.ATTEMPT, job.attempt()));
        allEnv.add(env(TrainerEnvironment.JOB_UID, job.uid()));
        List<String> args = new ArrayList<>(JVM_OPTIONS);
        args.addAll(new TrainerCommandLine(TRAINER_JAR, command, CONFIG_MOUNT + "/" + TrainerConfigMap.JOB_FILE,
                outputDir(job), job.base() == null ? null : job.base().folder(), localRanks).args());
        return new ContainerBuilder()
                .withName("trainer")
                .withImage(workers.getImage() != null ? workers.getImage() : job.settings().image(workers.getGpusPerWorker()))
                .withImagePullPolicy(Serialization.jsonMapper().convertValue(workers.getImagePullPolicy(), String.class))
                .withCommand("java")
                .withArgs(args)
                .withEnv(allEnv)
                .withResources(resources(workers))
                .withTerminationMessagePath(TERMINATION_LOG)
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withVolumeMounts(mounts(job))
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext();
    }

    private static ResourceRequirements resources(WorkersSpec workers) {
        ResourceRequirementsBuilder resources = workers.getResources() != null
                ? new ResourceRequirementsBuilder(workers.getResources()) : new ResourceRequirementsBuilder();
        if (workers.getGpusPerWorker() > 0) {
            Quantity gpus = new Quantity(Integer.toString(workers.getGpusPerWorker()));
            resources.addToLimits(GPU_RESOURCE, gpus).addToRequests(GPU_RESOURCE, gpus);
        }
        return resources.build();
    }

    private static List<VolumeMount> mounts(TrainingJob job) {
        List<VolumeMount> mounts = new ArrayList<>(List.of(
                mount("config", CONFIG_MOUNT, true),
                mount("checkpoints", CHECKPOINT_MOUNT, false),
                mount("tmp", TMP_MOUNT, false)));
        if (job.dataClaim() != null) {
            mounts.add(mount("data", DATA_MOUNT, true));
        }
        if (job.base() != null && job.base().claimName() != null) {
            mounts.add(mount("base", BASE_MOUNT, true));
        }
        return mounts;
    }

    private static VolumeMount mount(String name, String path, boolean readOnly) {
        VolumeMount mount = new VolumeMount();
        mount.setName(name);
        mount.setMountPath(path);
        mount.setReadOnly(readOnly);
        return mount;
    }

    private static List<Volume> volumes(TrainingJob job) {
        List<Volume> volumes = new ArrayList<>(List.of(
                new VolumeBuilder().withName("config").withNewConfigMap().withName(job.trainerConfigName())
                        .endConfigMap().build(),
                new VolumeBuilder().withName("checkpoints").withNewPersistentVolumeClaim()
                        .withClaimName(job.checkpointClaimName()).endPersistentVolumeClaim().build(),
                new VolumeBuilder().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity(TMP_SIZE_LIMIT))
                        .endEmptyDir().build()));
        if (job.dataClaim() != null) {
            volumes.add(new VolumeBuilder().withName("data").withNewPersistentVolumeClaim()
                    .withClaimName(job.dataClaim()).withReadOnly(true).endPersistentVolumeClaim().build());
        }
        if (job.base() != null && job.base().claimName() != null) {
            volumes.add(new VolumeBuilder().withName("base").withNewPersistentVolumeClaim()
                    .withClaimName(job.base().claimName()).withReadOnly(true).endPersistentVolumeClaim().build());
        }
        return volumes;
    }

    protected static EnvVar env(String name, Object value) {
        return new EnvVar(name, String.valueOf(value), null);
    }
}
