package io.kubegpt.trainer.cli;

import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.api.trainer.TrainerCommandLine;
import io.kubegpt.api.v1alpha1.BaseModelSpec;
import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.checkpoint.CheckpointStore;
import io.kubegpt.trainer.finetune.FinetuneRun;
import io.kubegpt.trainer.spec.SpecReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = {"Fine-tunes the GPTFinetune in FILE (the file kubectl apply takes) on this machine, starting "
                + "from a pre-trained checkpoint.",
            "With --local N, as N data-parallel ranks; with WORLD_SIZE > 1 in the environment, as one rank of that group."})
final class FinetuneCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "A GPTFinetune resource (YAML).")
    Path file;

    @Mixin
    RunOptions run;

    @Mixin
    DistributedOptions distributed;

    @Option(names = TrainerCommandLine.BASE, paramLabel = "DIR", description = "The pre-trained model: a checkpoint, checkpoints or "
            + "run folder (default: spec.base.path, or runs/<spec.base.pretrain>, where pretrain writes).")
    Path base;

    @Option(names = "--from-scratch", description = "Random weights of the base's shape and tokenizer instead of its "
            + "trained weights: the paper's ablation without pre-training.")
    boolean fromScratch;

    @Option(names = "--base-layers", paramLabel = "N", description = "Transfer the base's embeddings and first N "
            + "transformer blocks only, initialising the later ones afresh (spec.base.layers; default: all).")
    Integer baseLayers;

    @Option(names = "--resume", description = "Continue from the latest checkpoint in the output folder even when "
            + "spec.checkpoint.resume is false.")
    boolean resume;

    @Override
    public Integer call() {
        if (baseLayers != null) {
            run.overrides.add("base.layers=" + baseLayers);
        }
        GPTFinetune job = SpecReader.finetune(file, run.overrides);
        Path output = run.output(job.getMetadata().getName());
        Path baseFolder = baseFolder(base, job.getSpec().getBase());
        boolean resumeOn = resume || job.getSpec().getCheckpoint().getResume();
        List<String> args = new ArrayList<>(List.of("finetune", file.toAbsolutePath().toString(),
                TrainerCommandLine.BASE + "=" + baseFolder.toAbsolutePath()));
        if (fromScratch) {
            args.add("--from-scratch");
        }
        if (resume) {
            args.add("--resume");
        }
        return RankedRun.run(args, run, distributed.withDefaultsOf(job.getSpec().getWorkers()), output,
                (process, report) -> new FinetuneRun(job, new FinetuneRun.Options(output, baseFolder, fromScratch,
                        resumeOn), report, process).run());
    }

    /** {@code given} ({@code --base}), or where {@code spec.base} says the base is. */
    static Path baseFolder(Path given, BaseModelSpec spec) {
        if (given != null) {
            return given;
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
