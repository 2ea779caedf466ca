package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubegpt.api.v1alpha1.WorkersSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Worker pod {@code <job>-worker-<index>}, with PyTorchJob's rendezvous environment: {@code MASTER_ADDR} (worker 0's
 * name in the headless service), {@code MASTER_PORT}, {@code WORLD_SIZE} and {@code RANK}. A worker with G GPUs runs
 * G ranks, {@code RANK} to {@code RANK + LOCAL_WORLD_SIZE - 1}, through the trainer's local launcher
 * ({@code --local G} with {@code NODE_RANK}). Worker 0 alone holds a service-account token: it reports progress.
 */
public final class WorkerPod extends TrainerPod {

    public static final String PROGRESS_CONFIGMAP_ENV = "KUBEGPT_PROGRESS_CONFIGMAP";
    public static final String NAMESPACE_ENV = "KUBEGPT_NAMESPACE";
    public static final String TERMINATION_LOG_ENV = "KUBEGPT_TERMINATION_LOG";

    private final int index;

    public WorkerPod(int index) {
        this.index = index;
    }

    /** One per worker of the job, index 0 first. */
    public static List<WorkerPod> all(TrainingJob job) {
        return IntStream.range(0, job.spec().getWorkers().getReplicas()).mapToObj(WorkerPod::new).toList();
    }

    public int index() {
        return index;
    }

    public String name(TrainingJob job) {
        return job.workerPodName(index);
    }

    @Override
    public Pod desired(TrainingJob job) {
        WorkersSpec workers = job.spec().getWorkers();
        int ranksPerWorker = Math.max(1, workers.getGpusPerWorker());
        List<EnvVar> env = new ArrayList<>(List.of(
                env("MASTER_ADDR", job.workerPodName(0) + "." + job.serviceName() + "." + job.namespace() + ".svc"),
                env("MASTER_PORT", workers.getMasterPort()),
                env("WORLD_SIZE", workers.worldSize()),
                env("RANK", index * ranksPerWorker),
                env("LOCAL_WORLD_SIZE", ranksPerWorker)));
        if (ranksPerWorker > 1) {
            // the trainer's local launcher starts one rank per GPU: ranks NODE_RANK x G to NODE_RANK x G + G - 1
            env.add(env("NODE_RANK", index));
        }
        boolean reports = index == 0;
        if (reports) {
            env.add(env(PROGRESS_CONFIGMAP_ENV, job.progressConfigMapName()));
            env.add(env(NAMESPACE_ENV, job.namespace()));
            env.add(env(TERMINATION_LOG_ENV, TERMINATION_LOG));
        }
        ContainerBuilder builder = container(job, job.trainerCommand(), env);
        if (ranksPerWorker > 1) {
            builder.addToArgs("--local", Integer.toString(ranksPerWorker));
        }
        Container container = builder
                .addNewPort().withName("rendezvous").withContainerPort(workers.getMasterPort()).endPort()
                .build();
        Pod pod = pod(job, name(job), WORKER, container, reports)
                .editSpec().withHostname(name(job)).withSubdomain(job.serviceName()).endSpec()
                .build();
        pod.getMetadata().getLabels().put(TrainingJob.RANK_LABEL, Integer.toString(index));
        return pod;
    }
}
