package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubegpt.api.trainer.TrainerEnvironment;
import io.kubegpt.api.v1alpha1.WorkersSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Worker pod {@code <job>-worker-<index>}, with PyTorchJob's rendezvous environment: {@code MASTER_ADDR} (worker 0's
 * name in the headless service), {@code MASTER_PORT}, {@code WORLD_SIZE} and {@code RANK}. A worker with G GPUs runs
 * G ranks, {@code RANK} to {@code RANK + LOCAL_WORLD_SIZE - 1}, through the trainer's local launcher
 * ({@code --local G} with {@code NODE_RANK}). Ranks meet with their attempt's {@link RendezvousSecret}. Worker 0 alone holds a service-account token: it reports progress.
 */
public final class WorkerPod extends TrainerPod {

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
                env(TrainerEnvironment.MASTER_ADDR, job.workerPodName(0) + "." + job.serviceName() + "."
                        + job.namespace() + ".svc"),
                env(TrainerEnvironment.MASTER_PORT, workers.getMasterPort()),
                env(TrainerEnvironment.WORLD_SIZE, workers.worldSize()),
                env(TrainerEnvironment.RANK, TrainerEnvironment.rank(index, ranksPerWorker, 0)),
                env(TrainerEnvironment.LOCAL_WORLD_SIZE, ranksPerWorker)));
        RendezvousSecret rendezvous = new RendezvousSecret();
        if (rendezvous.isWanted(job)) {
            env.add(RendezvousSecret.variable(job));
        }
        if (ranksPerWorker > 1) {
            // the trainer's local launcher starts one rank per GPU: ranks NODE_RANK x G to NODE_RANK x G + G - 1
            env.add(env(TrainerEnvironment.NODE_RANK, index));
        }
        boolean reports = index == 0;
        if (reports) {
            env.add(env(TrainerEnvironment.PROGRESS_CONFIGMAP, job.progressConfigMapName()));
            env.add(env(TrainerEnvironment.NAMESPACE, job.namespace()));
            env.add(env(TrainerEnvironment.TERMINATION_LOG, TERMINATION_LOG));
        }
        Container container = container(job, job.trainerCommand(), env, ranksPerWorker)
                .addNewPort().withName("rendezvous").withContainerPort(workers.getMasterPort()).endPort()
                .build();
        Pod pod = pod(job, name(job), WORKER, container, reports)
                .editSpec().withHostname(name(job)).withSubdomain(job.serviceName()).endSpec()
                .build();
        pod.getMetadata().getLabels().put(TrainingJob.RANK_LABEL, Integer.toString(index));
        return pod;
    }
}
