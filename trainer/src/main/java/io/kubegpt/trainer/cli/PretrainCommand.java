package io.kubegpt.trainer.cli;

import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.trainer.distributed.DistributedSettings;
import io.kubegpt.trainer.pretrain.PretrainRun;
import io.kubegpt.trainer.spec.SpecReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Pre-trains the GPTPretrain in FILE (the file kubectl apply takes) on this machine.",
            "With --local N, as N data-parallel ranks; with WORLD_SIZE > 1 in the environment, as one rank of that group."})
final class PretrainCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "A GPTPretrain resource (YAML).")
    Path file;

    @Mixin
    RunOptions run;

    @Mixin
    DistributedOptions distributed;

    @Option(names = "--resume", description = "Continue from the latest checkpoint in the output folder even when "
            + "spec.checkpoint.resume is false.")
    boolean resume;

    @Override
    public Integer call() {
        GPTPretrain job = SpecReader.pretrain(file, run.overrides);
        List<String> args = new ArrayList<>(List.of("pretrain", file.toAbsolutePath().toString()));
        if (resume) {
            args.add("--resume");
        }
        Path output = run.output(job.getMetadata().getName());
        return RankedRun.run(args, run, distributed.withDefaultsOf(job.getSpec().getWorkers()), output,
                body(job, output, resume));
    }

    /** Trains alone or as the rank the environment names; returns the exit code. */
    static int train(GPTPretrain job, RunOptions run, boolean resume) {
        Path output = run.output(job.getMetadata().getName());
        return RankedRun.train(run, DistributedSettings.defaults(), output, body(job, output, resume));
    }

    private static RankedRun.Body body(GPTPretrain job, Path output, boolean resume) {
        return (process, report) -> new PretrainRun(job, new PretrainRun.Options(output,
                resume || job.getSpec().getCheckpoint().getResume()), report, process).run();
    }
}
