package io.kubegpt.trainer.pretrain;

import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.GPTPretrainSpec;
import io.kubegpt.api.v1alpha1.ModelSpec;
import io.kubegpt.api.v1alpha1.PretrainTrainingSpec;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.checkpoint.CheckpointState;
import io.kubegpt.trainer.checkpoint.CheckpointStore;
import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.data.BatchSampler;
import io.kubegpt.trainer.data.CorpusSource;
import io.kubegpt.trainer.data.DataPreparer;
import io.kubegpt.trainer.data.PrepareOptions;
import io.kubegpt.trainer.data.PreparedData;
import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.report.RunReport;
import io.kubegpt.trainer.spec.SpecReader;
import io.kubegpt.trainer.spec.TrainingSettings;
import io.kubegpt.trainer.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A GPTPretrain run on this machine: prepare the data, build the model, train with evaluation and checkpoints,
 * and report. Output folder: {@code data/} (tokenizer and token files), {@code checkpoints/}, {@code summary.json}
 * (shaped like the resource's status), {@code loss.csv} and {@code loss-curve.png}.
 */
public final class PretrainRun {

    /** Where to write, and whether an existing checkpoint may be continued ({@code spec.checkpoint.resume} or {@code --resume}). */
    public record Options(Path output, boolean resume) {
    }

    private final GPTPretrain job;
    private final GPTPretrainSpec spec;
    private final Options options;
    private final RunReport report;

    public PretrainRun(GPTPretrain job, Options options, RunReport report) {
        this.job = job;
        this.spec = job.getSpec();
        this.options = options;
        this.report = report;
    }

    /** Prepares the tokenizer and token files; does nothing when they are up to date. */
    public PreparedData prepare() {
        try {
            PrepareOptions prepare = PrepareOptions.defaults()
                    .withVocabSize(spec.getTokenizer().getVocabSize())
                    .withValidationFraction(spec.getData().getValidationFraction());
            if (spec.getTokenizer().getPath() != null) {
                prepare = prepare.withTokenizer(Path.of(spec.getTokenizer().getPath()));
            }
            PreparedData data = DataPreparer.prepare(corpus(), prepare, options.output().resolve("data"));
            report.message(data.summary());
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public GPTJobStatus run() {
        PreparedData data = prepare();
        GPTConfig config = modelConfig(spec.getModel(), data.tokenizer().vocabSize());
        PretrainTrainingSpec training = spec.getTraining();
        BatchSampler sampler = data.sampler(config.context(), training.getBatchSize(), training.getSeed());
        long totalSteps = training.getSteps() != null ? training.getSteps()
                : training.getEpochs() * sampler.stepsPerEpoch();
        int accumulation = training.getGradientAccumulation();
        GPT model = new GPT(config, training.getSeed());
        Trainer trainer = new Trainer(model, optimizerConfig(training, totalSteps), (step, micro) ->
                sampler.batch(step, micro, accumulation), training.getSeed());
        CheckpointStore store = new CheckpointStore(options.output().resolve("checkpoints"),
                spec.getCheckpoint().getKeepLast());

        long start = resumeFrom(store, config, trainer);
        report.started(config, totalSteps, start, sampler.stepsPerEpoch(), store);
        long every = spec.getCheckpoint().getEverySteps();
        long evaluateEvery = spec.getEvaluation().getEverySteps();
        double loss = Double.NaN;
        Double validationLoss = null;
        for (long step = start; step < totalSteps; step++) {
            long began = System.nanoTime();
            loss = trainer.step(Math.toIntExact(step));
            long done = step + 1;
            report.stepDone(done, loss, trainer.optimizer().learningRate(Math.toIntExact(step)),
                    (long) training.getBatchSize() * config.context(), System.nanoTime() - began);
            if (done % evaluateEvery == 0 || done == totalSteps) {
                validationLoss = evaluate(trainer, sampler, accumulation);
                report.evaluated(done, validationLoss);
            }
            if (done % every == 0 || done == totalSteps) {
                CheckpointState state = new CheckpointState(done, loss, validationLoss, report.tokens(),
                        training.getSeed(), Instant.now().toString());
                Path saved = store.save(done, ModelCheckpoint.of(trainer, config, state, data.tokenizer(),
                        SpecReader.toYaml(job)));
                report.checkpointed(saved, state, store);
            }
        }
        return report.finished(totalSteps);
    }

    private long resumeFrom(CheckpointStore store, GPTConfig config, Trainer trainer) {
        Optional<Path> latest = store.latest();
        if (latest.isEmpty()) {
            return 0;
        }
        if (!options.resume()) {
            throw new InvalidInputException("spec.checkpoint.resume", store.root() + " already holds checkpoints "
                    + "and resume is off: pass --resume to continue them, or choose another --output");
        }
        GPTConfig saved = ModelCheckpoint.config(latest.get());
        if (!saved.withDropout(config.dropout()).equals(config)) {
            throw new InvalidInputException("spec.model", "the checkpoint " + latest.get() + " holds a model of "
                    + "another shape (" + saved + ") than the spec asks for (" + config + "); choose another --output");
        }
        trainer.load(latest.get());
        CheckpointState state = ModelCheckpoint.state(latest.get());
        report.resumed(latest.get(), state);
        return state.step();
    }

    private double evaluate(Trainer trainer, BatchSampler sampler, int accumulation) {
        int microBatch = Math.max(1, sampler.globalBatch() / accumulation);
        long available = sampler.validationWindows() / microBatch;
        int batches = (int) Math.min(spec.getEvaluation().getBatches(), available);
        if (batches == 0) {
            throw new InvalidInputException("spec.data.validationFraction", "the validation split holds "
                    + sampler.validationWindows() + " windows of " + (sampler.context() + 1) + " tokens, fewer than "
                    + "one batch of " + microBatch + ": raise validationFraction or use a larger corpus");
        }
        return trainer.evaluate((index, micro) -> sampler.validationBatch(index, microBatch), batches);
    }

    private CorpusSource corpus() {
        if (spec.getData().getUrl() != null) {
            return CorpusSource.url(spec.getData().getUrl());
        }
        if (spec.getData().getPath() != null) {
            return CorpusSource.path(Path.of(spec.getData().getPath()));
        }
        return CorpusSource.sample();
    }

    static GPTConfig modelConfig(ModelSpec model, int vocabSize) {
        return new GPTConfig(vocabSize, model.getContext(), model.getLayers(), model.getDModel(), model.getHeads(),
                model.getFfn(), model.getDropout(), model.getInitStd());
    }

    static OptimizerConfig optimizerConfig(PretrainTrainingSpec training, long totalSteps) {
        return TrainingSettings.optimizer(training, training.getWarmupSteps(), totalSteps);
    }
}
