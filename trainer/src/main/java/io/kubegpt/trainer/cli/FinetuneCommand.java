package io.kubegpt.trainer.cli;

import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.api.trainer.TrainerCommandLine;
import io.kubegpt.api.v1alpha1.BaseModelSpec;
import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.trainer.ExitCodes;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.checkpoint.CheckpointStore;
import io.kubegpt.trainer.distributed.JobAttempt;
import io.kubegpt.trainer.finetune.FinetuneRun;
import io.kubegpt.trainer.report.RunReport;
import io.kubegpt.trainer.spec.SpecReader;
import io.kubegpt.trainer.stop.StopRequest;
import io.kubegpt.trainer.train.TrainingProcess;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = "Fine-tunes the GPTFinetune in FILE (the file kubectl apply takes) on this machine, starting "
                + "from a pre-trained checkpoint.")
final class FinetuneCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "A GPTFinetune resource (YAML).")
    Path file;

    @Mixin
    RunOptions run;

    @Option(names = TrainerCommandLine.BASE, paramLabel = "DIR", description = "The pre-trained model: a checkpoint, checkpoints or "
            + "run folder (default: spec.base.path, or runs/<spec.base.pretrain>, where pretrain writes).")
    Path base;

    @Option(names = "--from-scratch", description = "Random weights of the base's shape and tokenizer instead of its "
            + "trained weights: the paper's ablation without pre-training.")
    boolean fromScratch;

    @Option(names = "--resume", description = "Continue from the latest checkpoint in the output folder even when "
            + "spec.checkpoint.resume is false.")
    boolean resume;

    @Override
    public Integer call() {
        GPTFinetune job = SpecReader.finetune(file, run.overrides);
        StopRequest stop = StopRequest.onSignals(true);
        run.applyThreads();
        Path output = run.output(job.getMetadata().getName());
        RunReport report = new RunReport(output, System.out, run.threads);
        boolean resumeOn = resume || job.getSpec().getCheckpoint().getResume();
        return ExitCodes.of(new FinetuneRun(job, new FinetuneRun.Options(output, baseFolder(job.getSpec().getBase()),
                fromScratch, resumeOn), report, TrainingProcess.alone(JobAttempt.from(System.getenv()), stop)).run());
    }

    private Path baseFolder(BaseModelSpec spec) {
        if (base != null) {
            return base;
        }
        if (spec.getPath() != null) {
            return Path.of(spec.getPath());
        }
        Path runFolder = Path.of("runs", spec.getPretrain());
        if (spec.getStep() != null) {
            return new CheckpointStore(runFolder.resolve(RunLayout.CHECKPOINTS), 1).atStep(spec.getStep())
                    .orElseThrow(() -> new InvalidInputException("spec.base.step", runFolder + " holds no checkpoint "
                            + "of step " + spec.getStep()));
        }
        return runFolder;
    }
}
