package io.kubegpt.trainer.pretrain;

import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.GPTPretrainSpec;
import io.kubegpt.api.v1alpha1.ModelSpec;
import io.kubegpt.api.v1alpha1.PretrainDataSpec;
import io.kubegpt.api.v1alpha1.PretrainTrainingSpec;
import io.kubegpt.api.v1alpha1.ZeroShotScore;
import io.kubegpt.api.v1alpha1.validation.LogitsLimit;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.checkpoint.CheckpointStore;
import io.kubegpt.trainer.checkpoint.Resumption;
import io.kubegpt.trainer.checkpoint.TrainingInputs;
import io.kubegpt.trainer.data.BatchSampler;
import io.kubegpt.trainer.data.CorpusDownload;
import io.kubegpt.trainer.data.CorpusSource;
import io.kubegpt.trainer.data.DataPreparer;
import io.kubegpt.trainer.data.PrepareOptions;
import io.kubegpt.trainer.data.PreparedData;
import io.kubegpt.trainer.distributed.RankGroup;
import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.model.TrainingBatches;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.report.RunReport;
import io.kubegpt.trainer.spec.TrainingSettings;
import io.kubegpt.trainer.train.RunTemplate;
import io.kubegpt.trainer.train.TrainingLoop;
import io.kubegpt.trainer.train.TrainingProcess;
import io.kubegpt.trainer.zeroshot.ZeroShotEvaluation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A GPTPretrain run on this machine: prepare the data, build the model, train with evaluation and checkpoints,
 * and report. Output folder: {@code data/} (tokenizer and token files), {@code checkpoints/}, {@code summary.json}
 * (shaped like the resource's status), {@code loss.csv} and {@code loss-curve.png}.
 *
 * <p>Data-parallel: every rank of the {@link RankGroup} runs this same code. Rank 0 prepares the data while the
 * others wait and decides the start step (resuming its latest checkpoint); the {@link TrainingLoop} starts every
 * rank from rank 0's state and averages the gradients. Each step, rank r trains on its slice of the one seeded
 * global batch. Evaluation is shared out among the ranks; rank 0 alone reports and writes.
 *
 * <p>Checkpoints record the data and tokenizer they were trained on ({@link TrainingInputs}), and a run continues
 * only those of its own data, tokenizer and model shape ({@link Resumption}): a changed corpus, or a finished run's
 * folder reused by a job with another one, is refused with exit code 2. Rank 0 prepares this run's data into
 * {@code data/} before it can compare, so it first sets the data the checkpoints were trained on aside
 * ({@link PreparedDataBackup}) and puts it back when it refuses.
 *
 * <p>A stop request (SIGTERM) ends the run after a step all ranks agree on, with that step's checkpoint written;
 * before training it ends the process at once. Each checkpoint records the job's attempt that wrote it.
 */
public final class PretrainRun {

    /** Where to write, and whether an existing checkpoint may be continued ({@code spec.checkpoint.resume} or {@code --resume}). */
    public record Options(Path output, boolean resume) {
    }

    private final GPTPretrainSpec spec;
    private final Options options;
    private final RunReport report;
    private final RankGroup group;
    private final RunTemplate template;

    public PretrainRun(GPTPretrain job, Options options, RunReport report) {
        this(job, options, report, TrainingProcess.alone());
    }

    /** One rank of a data-parallel run, or a run alone ({@code report} is used by rank 0 only). */
    public PretrainRun(GPTPretrain job, Options options, RunReport report, TrainingProcess process) {
        this.spec = job.getSpec();
        this.options = options;
        this.report = report;
        this.group = process.group();
        this.template = new RunTemplate(job, options.output(), report, process);
    }

    /** Prepares the tokenizer and token files; does nothing when they are up to date. */
    public PreparedData prepare() {
        try {
            PreparedData data = DataPreparer.prepare(corpus(), PrepareOptions.of(spec.getTokenizer(), spec.getData()),
                    dataDir());
            if (group.leader()) {
                report.message(data.summary());
            }
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path dataDir() {
        return options.output().resolve(RunLayout.DATA);
    }

    /**
     * The data rank 0 prepared, if this rank sees the same folder, else prepared here too; refused when that is not
     * the same data (another corpus on this rank's node, a URL whose content changed).
     */
    private PreparedData openPrepared(String leadersFingerprint) {
        try {
            PreparedData data = PreparedData.open(dataDir());
            if (data.fingerprint().equals(leadersFingerprint)) {
                return data;
            }
        } catch (IOException | RuntimeException notShared) {
            // prepared below
        }
        PreparedData own = prepare();
        if (!own.fingerprint().equals(leadersFingerprint)) {
            throw new InvalidInputException("spec.data", "rank " + group.rank() + " prepared other data than rank 0 "
                    + "(fingerprint " + own.fingerprint().substring(0, 12) + ", rank 0 " + leadersFingerprint
                    .substring(0, 12) + "): every rank must see the same corpus");
        }
        return own;
    }

    public GPTJobStatus run() {
        CheckpointStore store = template.store();
        PreparedDataBackup dataBefore = new PreparedDataBackup(dataDir());
        if (group.leader() && !store.list().isEmpty()) {
            // preparing below may replace the data the checkpoints were trained on before resumable() can refuse
            dataBefore.take();
        }
        // rank 0 prepares; the others open what it wrote (a shared volume) and never read the corpus, unless their
        // folder is not rank 0's
        PreparedData[] prepared = new PreparedData[1];
        String fingerprint = group.fromLeader("prepared", () -> {
            prepared[0] = prepare();
            return prepared[0].fingerprint();
        });
        PreparedData data = prepared[0] != null ? prepared[0] : openPrepared(fingerprint);
        TrainingInputs inputs = TrainingInputs.of(data);
        GPTConfig config = modelConfig(spec.getModel(), data.tokenizer().vocabSize());
        PretrainTrainingSpec training = spec.getTraining();
        BatchSampler sampler = data.sampler(config.context(), training.getBatchSize(), training.getSeed());
        long totalSteps = training.getSteps() != null ? training.getSteps()
                : training.getEpochs() * sampler.stepsPerEpoch();
        int accumulation = training.getGradientAccumulation();
        int rank = group.rank();
        int world = group.worldSize();
        LogitsLimit.check(training.getBatchSize() / ((long) world * accumulation), config.context(),
                "spec.model.context " + config.context(), config.vocabSize(), "the tokenizer's " + config.vocabSize()
                        + " tokens").ifPresent(InvalidInputException::raise);
        GPT model = new GPT(config, training.getSeed());
        ZeroShotEvaluation zeroShot = ZeroShotEvaluation.of(spec.getEvaluation().getZeroShot(), data.tokenizer(),
                config.context(), (int) (training.getBatchSize() / ((long) world * accumulation)));
        if (group.leader()) {
            zeroShot.summaries().forEach(report::message);
        }
        // rank r's micro-batch m is slice r * accumulation + m of the global batch cut into world * accumulation
        TrainingBatches batches = model.batches((step, micro) -> sampler.batch(step, rank * accumulation + micro,
                world * accumulation));
        long tokensPerStep = (long) training.getBatchSize() * config.context();
        return template.train(new RunTemplate.Plan(model, config, optimizerConfig(training, totalSteps), batches,
                totalSteps, sampler.stepsPerEpoch(), spec.getEvaluation().getEverySteps(), inputs, data.tokenizer()),
                new RunTemplate.Run() {
                    @Override
                    public long tokens(long step) {
                        return tokensPerStep;
                    }

                    @Override
                    public double evaluate(long done) {
                        double validationLoss = PretrainRun.this.evaluate(model, sampler, accumulation);
                        if (group.leader()) {
                            report.evaluated(done, validationLoss);
                        }
                        if (!zeroShot.isEmpty()) {
                            List<ZeroShotScore> scores = zeroShot.run(model, group, done);
                            if (group.leader()) {
                                report.zeroShotEvaluated(done, scores);
                            }
                        }
                        return validationLoss;
                    }

                    @Override
                    public Optional<Path> resumable() {
                        return accepted(store, config, inputs, dataBefore);
                    }
                });
    }

    /**
     * Rank 0: the latest checkpoint once {@link Resumption} accepts it. A refusal puts back the data the checkpoints
     * were trained on, which this run's preparation may have replaced.
     */
    private Optional<Path> accepted(CheckpointStore store, GPTConfig config, TrainingInputs inputs,
                                    PreparedDataBackup dataBefore) {
        Optional<Path> latest;
        try {
            latest = Resumption.latest(store, options.resume(), report::message);
            if (latest.isPresent()) {
                Resumption.requireInputs(latest.get(), inputs, "spec.data", "the original corpus and tokenizer",
                        report::message);
                Resumption.requireShape(latest.get(), config);
            }
        } catch (InvalidInputException refused) {
            dataBefore.restore();
            throw refused;
        }
        dataBefore.discard();
        return latest;
    }

    private double evaluate(GPT model, BatchSampler sampler, int accumulation) {
        return ValidationBatches.of(sampler, spec.getEvaluation().getBatches(), accumulation, group.worldSize())
                .meanLoss(model, group);
    }

    private CorpusSource corpus() {
        PretrainDataSpec data = spec.getData();
        if (data.getUrl() != null) {
            return CorpusSource.url(data.getUrl(), new CorpusDownload(data.getMaxDownloadBytes(),
                    Duration.ofSeconds(data.getDownloadTimeoutSeconds())));
        }
        if (data.getPath() != null) {
            return CorpusSource.path(Path.of(data.getPath()));
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
