package io.kubegpt.trainer.cli;

import io.kubegpt.api.trainer.TrainerCommandLine;
import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.trainer.ExitCodes;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.analysis.Outcome;
import io.kubegpt.trainer.analysis.TransferAnalysis;
import io.kubegpt.trainer.spec.SpecReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "analysis", mixinStandardHelpOptions = true,
        description = {"The GPT-1 paper's analysis of the fine-tune in FILE: fine-tunes it from scratch, then with 0 to "
                + "all of the base's layers transferred, with and without the auxiliary language-model objective, "
                + "one after another on this machine.",
            "Writes analysis.md (configuration, final and best score, time) and layers-transferred.png (the final "
                + "score against the layers transferred) into the output folder (default: runs/<metadata.name>-analysis), "
                + "each fine-tune under runs/."})
final class AnalysisCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "A GPTFinetune resource (YAML).")
    Path file;

    @Mixin
    RunOptions run;

    @Option(names = TrainerCommandLine.BASE, paramLabel = "DIR", description = "The pre-trained model: a checkpoint, "
            + "checkpoints or run folder (default: spec.base.path, or runs/<spec.base.pretrain>, where pretrain writes).")
    Path base;

    @Option(names = "--seeds", paramLabel = "N", description = "Run each configuration with N seeds, from "
            + "spec.training.seed on, and report the mean final score and its range (default: 1).")
    int seeds = 1;

    @Override
    public Integer call() {
        if (seeds < 1) {
            throw new InvalidInputException("--seeds", "at least 1, was " + seeds);
        }
        GPTFinetune job = SpecReader.finetune(file, run.overrides);
        Path output = run.output(job.getMetadata().getName() + "-analysis");
        run.applyThreads();
        List<Outcome> outcomes = new TransferAnalysis(new TransferAnalysis.Inputs(file, run.overrides,
                FinetuneCommand.baseFolder(base, job.getSpec().getBase()), output, run.threads, seeds), System.out).run();
        return outcomes.stream().flatMap(outcome -> outcome.runs().stream()).mapToInt(ExitCodes::of)
                .filter(code -> code != 0).findFirst().orElse(0);
    }
}
