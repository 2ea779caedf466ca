package io.kubegpt.trainer.cli;

import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.trainer.pretrain.PretrainRun;
import io.kubegpt.trainer.report.RunReport;
import io.kubegpt.trainer.spec.SpecReader;
import io.kubegpt.trainer.stop.StopRequest;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = {"Trains the tokenizer and writes the token files for the GPTPretrain in FILE into "
            + "<output>/data. Does nothing when they are up to date."})
final class PrepareCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "A GPTPretrain resource (YAML).")
    Path file;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() {
        GPTPretrain job = SpecReader.pretrain(file, run.overrides);
        // a stop ends the preparation at once with exit code STOPPED: it writes every file atomically
        StopRequest.onSignals(true);
        Path output = run.output(job.getMetadata().getName());
        new PretrainRun(job, new PretrainRun.Options(output, false), new RunReport(output, System.out, run.threads))
                .prepare();
        return 0;
    }
}
