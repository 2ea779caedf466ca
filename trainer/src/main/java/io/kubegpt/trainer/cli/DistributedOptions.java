package io.kubegpt.trainer.cli;

import io.kubegpt.api.trainer.TrainerCommandLine;
import io.kubegpt.api.v1alpha1.WorkersSpec;
import io.kubegpt.trainer.distributed.DistributedSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Data-parallel options of the training commands. */
final class DistributedOptions {

    @Option(names = TrainerCommandLine.LOCAL, paramLabel = "N", description = "Run N data-parallel ranks as N processes on this "
            + "machine (the --threads are split among them). In a pod, ranks come from the environment instead: "
            + "MASTER_ADDR, MASTER_PORT, WORLD_SIZE and RANK, as Kubeflow's PyTorchJob sets them.")
    int local = 1;

    @Option(names = "--collective-timeout", paramLabel = "SECONDS", description = "How long a rank waits in a "
            + "collective for the others before it exits naming the rank at fault (default: the job's "
            + "spec.workers.collectiveTimeoutSeconds, 300). Must exceed the longest time rank 0 works alone, such as "
            + "writing a checkpoint.")
    Long collectiveTimeoutSeconds;

    @Option(names = "--rendezvous-timeout", paramLabel = "SECONDS", description = "How long ranks wait for each "
            + "other to start and for rank 0 to prepare the data (default: ${DEFAULT-VALUE}).")
    long rendezvousTimeoutSeconds = DistributedSettings.DEFAULT_RENDEZVOUS_TIMEOUT.toSeconds();

    @Option(names = "--hash-every", paramLabel = "STEPS", description = "Compare a hash of the parameters across "
            + "ranks every STEPS steps and at the end; exits if they differ (default: ${DEFAULT-VALUE}; 0: only at the end).")
    int hashEvery = DistributedSettings.DEFAULT_HASH_EVERY;

    @Option(names = "--bucket-mb", paramLabel = "MB", description = "Largest gradient bucket all-reduced in one "
            + "collective call; each starts as soon as the backward pass has finished it (default: ${DEFAULT-VALUE}).")
    double bucketMegabytes = DistributedSettings.DEFAULT_BUCKET_BYTES / (double) (1 << 20);

    /** These options, with what the command line leaves open taken from the job's spec. */
    DistributedOptions withDefaultsOf(WorkersSpec workers) {
        if (collectiveTimeoutSeconds == null) {
            collectiveTimeoutSeconds = workers.getCollectiveTimeoutSeconds();
        }
        return this;
    }

    DistributedSettings settings() {
        long collectiveSeconds = collectiveTimeoutSeconds != null ? collectiveTimeoutSeconds
                : DistributedSettings.DEFAULT_COLLECTIVE_TIMEOUT.toSeconds();
        return new DistributedSettings(Duration.ofSeconds(collectiveSeconds),
                Duration.ofSeconds(rendezvousTimeoutSeconds), hashEvery, Math.max(1, (long) (bucketMegabytes * (1 << 20))));
    }

    /** These options as arguments, for the rank processes a launcher starts. */
    List<String> arguments() {
        List<String> args = new ArrayList<>();
        if (collectiveTimeoutSeconds != null) {
            args.add("--collective-timeout=" + collectiveTimeoutSeconds);
        }
        args.add("--rendezvous-timeout=" + rendezvousTimeoutSeconds);
        args.add("--hash-every=" + hashEvery);
        args.add("--bucket-mb=" + bucketMegabytes);
        return args;
    }
}
