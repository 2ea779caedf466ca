package io.kubegpt.trainer.cli;

import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.trainer.pretrain.PretrainRun;
import io.kubegpt.trainer.report.RunReport;
import io.kubegpt.trainer.spec.SpecReader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Pre-trains the GPTPretrain in FILE (the file kubectl apply takes) on this machine.")
final class PretrainCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "A GPTPretrain resource (YAML).")
    Path file;

    @Mixin
    RunOptions run;

    @Option(names = "--resume", description = "Continue from the latest checkpoint in the output folder even when "
            + "spec.checkpoint.resume is false.")
    boolean resume;

    @Override
    public Integer call() {
        GPTPretrain job = SpecReader.pretrain(file, run.overrides);
        return train(job, run, resume);
    }

    static int train(GPTPretrain job, RunOptions run, boolean resume) {
        run.applyThreads();
        Path output = run.output(job.getMetadata().getName());
        RunReport report = new RunReport(output, System.out, run.threads);
        new PretrainRun(job, new PretrainRun.Options(output, resume || job.getSpec().getCheckpoint().getResume()),
                report).run();
        return 0;
    }
}
