package io.kubegpt.trainer.cli;

import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.data.BatchSampler;
import io.kubegpt.trainer.data.PreparedData;
import io.kubegpt.trainer.distributed.RankGroup;
import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.pretrain.PretrainRun;
import io.kubegpt.trainer.pretrain.ValidationBatches;
import io.kubegpt.trainer.report.RunReport;
import io.kubegpt.trainer.spec.SpecReader;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Validation loss and perplexity of a checkpoint on the held-out split of FILE's corpus.")
final class EvalCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "A GPTPretrain resource (YAML).")
    Path file;

    @Mixin
    RunOptions run;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Checkpoint to evaluate (default: the latest in the output folder).")
    Path checkpoint;

    @Override
    public Integer call() {
        GPTPretrain job = SpecReader.pretrain(file, run.overrides);
        run.applyThreads();
        Path output = run.output(job.getMetadata().getName());
        Path folder = ModelCheckpoint.resolve(checkpoint != null ? checkpoint : output);
        PreparedData data = new PretrainRun(job, new PretrainRun.Options(output, false),
                new RunReport(output, System.out, run.threads)).prepare();
        GPT model = ModelCheckpoint.model(folder);
        BatchSampler sampler = data.sampler(model.context(), job.getSpec().getTraining().getBatchSize(),
                job.getSpec().getTraining().getSeed());
        ValidationBatches batches = ValidationBatches.of(sampler, job.getSpec().getEvaluation().getBatches(),
                job.getSpec().getTraining().getGradientAccumulation(), 1);
        double loss = batches.meanLoss(model, RankGroup.single());
        System.out.printf(Locale.ROOT, "%s: validation loss %.4f, perplexity %.2f over %,d windows of %,d tokens%n",
                folder, loss, Math.exp(loss), batches.windows(), model.context());
        return 0;
    }
}
