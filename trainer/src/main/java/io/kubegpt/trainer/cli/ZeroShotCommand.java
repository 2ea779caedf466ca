package io.kubegpt.trainer.cli;

import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.ZeroShotScore;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.distributed.RankGroup;
import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.spec.SpecReader;
import io.kubegpt.trainer.zeroshot.ZeroShotEvaluation;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "zeroshot", mixinStandardHelpOptions = true,
        description = "Zero-shot accuracy of a checkpoint on the tasks of FILE's spec.evaluation.zeroShot, scored by "
                + "the language model alone with the GPT-1 paper's heuristics.")
final class ZeroShotCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "A GPTPretrain resource (YAML) that lists zero-shot tasks.")
    Path file;

    @Mixin
    RunOptions run;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Checkpoint to score (default: the latest in the output folder).")
    Path checkpoint;

    @Option(names = "--batch", paramLabel = "N", description = "Sequences per forward pass (default: ${DEFAULT-VALUE}).")
    int batch = 8;

    @Override
    public Integer call() {
        GPTPretrain job = SpecReader.pretrain(file, run.overrides);
        if (job.getSpec().getEvaluation().getZeroShot() == null) {
            throw new InvalidInputException("spec.evaluation.zeroShot", "lists no task: add a zeroShot list under "
                    + "spec.evaluation in " + file);
        }
        if (batch < 1) {
            throw new InvalidInputException("--batch", "must be at least 1, was " + batch);
        }
        run.applyThreads();
        Path folder = ModelCheckpoint.resolve(checkpoint != null ? checkpoint
                : run.output(job.getMetadata().getName()));
        GPT model = ModelCheckpoint.model(folder);
        long step = ModelCheckpoint.state(folder).step();
        ZeroShotEvaluation evaluation = ZeroShotEvaluation.of(job.getSpec().getEvaluation().getZeroShot(),
                ModelCheckpoint.tokenizer(folder), model.context(), batch);
        evaluation.summaries().forEach(System.out::println);
        long start = System.nanoTime();
        List<ZeroShotScore> scores = evaluation.run(model, RankGroup.single(), step);
        System.out.printf(Locale.ROOT, "%s (step %,d), scored in %.2f s:%n", folder, step,
                (System.nanoTime() - start) / 1e9);
        for (ZeroShotScore score : scores) {
            System.out.printf(Locale.ROOT, "  %-20s accuracy %.3f (chance %.3f) over %,d examples%s%n",
                    score.getName(), score.getAccuracy(), score.getChance(), score.getExamples(),
                    score.getThreshold() == null ? "" : String.format(Locale.ROOT,
                            ", threshold %.4f nats/token", score.getThreshold()));
        }
        return 0;
    }
}
