package io.kubegpt.trainer.finetune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.api.v1alpha1.Benchmark;
import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.api.v1alpha1.GPTFinetuneSpec;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.FinetuneTrainingSpec;
import io.kubegpt.api.v1alpha1.TaskSpec;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.checkpoint.CheckpointState;
import io.kubegpt.trainer.checkpoint.CheckpointStore;
import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.checkpoint.Resumption;
import io.kubegpt.trainer.checkpoint.TrainingInputs;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.report.RunReport;
import io.kubegpt.trainer.spec.SpecReader;
import io.kubegpt.trainer.spec.TrainingSettings;
import io.kubegpt.trainer.stop.GracefulStop;
import io.kubegpt.trainer.tokenizer.SpecialToken;
import io.kubegpt.trainer.train.TrainingProcess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * A GPTFinetune run on this machine: read the base checkpoint (shape, tokenizer, weights), read and transform
 * the task files, add a fresh head, train with the task loss plus the auxiliary language-model loss, score the
 * evaluation file after every epoch, and report and checkpoint as a pre-train does: {@code checkpoints/} (each
 * with the GPT and head weights and {@code task.json}), {@code summary.json} with the task metrics (final, best
 * and its epoch), {@code loss.csv} and {@code loss-curve.png}.
 *
 * <p>An output folder that already holds checkpoints is continued, as a pre-train is, when resume is on: the
 * latest checkpoint's weights (GPT and head) and optimizer state are loaded and training goes on from its step.
 * The example order of each epoch is a shuffle seeded by the run's seed and the epoch, and dropout is seeded by
 * the step, so a resumed run repeats an uninterrupted one. A checkpoint whose tokenizer is not the base's, or of
 * another model shape, task type or head, is refused; so is any checkpoint when resume is off. The task files
 * are not fingerprinted: changing them between attempts goes unnoticed. A stop request ends the run as it ends a
 * pre-train ({@link GracefulStop}).
 */
public final class FinetuneRun {

    public static final String TASK_FILE = "task.json";

    /**
     * @param base        the base checkpoint, run or checkpoints folder
     * @param fromScratch start from random weights of the base's shape (the paper's no-pre-training ablation)
     * @param resume      continue the latest checkpoint of {@code output} ({@code spec.checkpoint.resume} or
     *                    {@code --resume})
     */
    public record Options(Path output, Path base, boolean fromScratch, boolean resume) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final GPTFinetune job;
    private final GPTFinetuneSpec spec;
    private final Options options;
    private final RunReport report;
    private final TrainingProcess process;
    private Double bestValue;
    private int bestEpoch;

    public FinetuneRun(GPTFinetune job, Options options, RunReport report) {
        this(job, options, report, TrainingProcess.alone());
    }

    /** A run of {@code process}, which trains alone: fine-tuning has one rank. */
    public FinetuneRun(GPTFinetune job, Options options, RunReport report, TrainingProcess process) {
        this.job = job;
        this.spec = job.getSpec();
        this.options = options;
        this.report = report;
        this.process = process;
    }

    public GPTJobStatus run() {
        BaseCheckpoint base = BaseCheckpoint.read(options.base(), "spec.base", spec.getTraining().getSeed());
        GPTConfig config = base.config();
        TaskSpec task = spec.getTask();
        FinetuneTrainingSpec training = spec.getTraining();
        CheckpointStore store = new CheckpointStore(options.output().resolve(RunLayout.CHECKPOINTS),
                spec.getCheckpoint().getKeepLast());
        TrainingInputs inputs = TrainingInputs.ofTokenizer(base.tokenizer());
        Optional<Path> resumeFrom = Resumption.latest(store, options.resume());
        if (resumeFrom.isPresent()) {
            Resumption.requireInputs(resumeFrom.get(), inputs, "spec.base", "the original base checkpoint",
                    report::message);
            Resumption.requireShape(resumeFrom.get(), config);
            requireTaskType(resumeFrom.get(), task);
        }
        InputTransformation transformation = new InputTransformation(base.tokenizer(), config.context());
        FinetuneDataset train = dataset(transformation, spec.getData().getTrain(), "spec.data.train");
        FinetuneDataset eval = spec.getData().getEval() == null ? train
                : dataset(transformation, spec.getData().getEval(), "spec.data.eval");
        report.message(train.summary("train"));
        report.message(spec.getData().getEval() == null ? "eval: no evaluation file, scoring the training file"
                : eval.summary("eval"));
        int groups = Math.max(train.groups(), eval.groups());
        TaskHead head = TaskHead.of(task, groups);

        FinetuneModel model = new FinetuneModel(config, head, training.getAuxLmWeight(),
                training.getClassifierDropout(), training.getSeed());
        if (options.fromScratch()) {
            report.message("starting from random weights (no pre-training), shape and tokenizer of " + base.folder());
        } else {
            model.loadBaseWeights(base.weights());
            report.message("starting from " + base.folder());
        }
        int batchSize = training.getBatchSize();
        long stepsPerEpoch = (train.size() + batchSize - 1) / batchSize;
        long totalSteps = training.getSteps() != null ? training.getSteps() : training.getEpochs() * stepsPerEpoch;
        long warmup = Math.min(Math.round(training.getWarmupFraction() * totalSteps), totalSteps - 1);
        OptimizerConfig optimizer = TrainingSettings.optimizer(training, warmup, totalSteps);
        FinetuneTrainer trainer = new FinetuneTrainer(model, optimizer, training.getSeed());
        long start = 0;
        if (resumeFrom.isPresent()) {
            start = resume(resumeFrom.get(), head, trainer);
        }
        int pad = base.tokenizer().specialId(SpecialToken.PAD);
        List<FinetuneBatch> evalBatches = batches(eval.items(), groups, config, head, pad, batchSize, model);

        report.started(config, totalSteps, start, stepsPerEpoch, store);
        long every = spec.getCheckpoint().getEverySteps();
        int accumulation = training.getGradientAccumulation();
        List<FinetuneDataset.Item> order = new ArrayList<>();
        double loss = Double.NaN;
        GracefulStop stop = new GracefulStop(process.stop(), process.group(), report, totalSteps);
        stop.trainingBegins();
        for (long step = start; step < totalSteps; step++) {
            long epoch = step / stepsPerEpoch;
            int inEpoch = (int) (step % stepsPerEpoch);
            if (inEpoch == 0 || step == start) {
                // a pure function of the seed and the epoch, so a run resumed mid-epoch sees the same order
                order = new ArrayList<>(train.items());
                Collections.shuffle(order, new Random(training.getSeed() * 31 + epoch));
            }
            List<FinetuneDataset.Item> examples = order.subList(inEpoch * batchSize,
                    Math.min(order.size(), (inEpoch + 1) * batchSize));
            long began = System.nanoTime();
            long done = step + 1;
            GracefulStop.StepEnd end = stop.endOfStep(done, trainer.step(Math.toIntExact(step),
                    microBatches(examples, accumulation, groups, config, head, pad, model)));
            loss = end.loss();
            report.stepDone(done, loss, trainer.optimizer().learningRate(Math.toIntExact(step)),
                    (long) examples.size() * head.groups() * config.context(), System.nanoTime() - began);
            boolean epochEnd = done % stepsPerEpoch == 0 || done == totalSteps;
            if (epochEnd) {
                evaluate(trainer, evalBatches, task, done, (int) ((done + stepsPerEpoch - 1) / stepsPerEpoch));
            }
            if (done % every == 0 || done == totalSteps || end.stop()) {
                CheckpointState state = new CheckpointState(done, loss, null, report.tokens(), training.getSeed(),
                        Instant.now().toString(), process.attempt().attempt());
                CheckpointStore.Writer weights = folder -> {
                    trainer.save(folder);
                    JSON.writeValue(folder.resolve(TASK_FILE).toFile(), new TaskFile(task, head, base.folder().toString(),
                            options.fromScratch()));
                };
                report.checkpointed(store.save(done, ModelCheckpoint.of(weights, config, state, inputs,
                        base.tokenizer(), SpecReader.toYaml(job))), state, store);
            }
            if (end.stop()) {
                return stop.stopped(done);
            }
        }
        GPTJobStatus status = report.finished(totalSteps);
        if (bestValue != null && status.getBenchmark().getScore() != null) {
            report.message(String.format(Locale.ROOT, "%s: final %.4f, best %.4f (epoch %d)",
                    status.getBenchmark().getMetric(), status.getBenchmark().getScore(), bestValue, bestEpoch));
        }
        return status;
    }

    /** What a fine-tuned checkpoint adds to a pre-train's: the task and head it was trained for. */
    public record TaskFile(TaskSpec task, TaskHead head, String base, boolean fromScratch) {
    }

    /** Refuses a checkpoint written for another task type, before the task files are read. */
    private static void requireTaskType(Path checkpoint, TaskSpec task) {
        TaskFile saved = taskFile(checkpoint);
        if (saved.task() == null || saved.task().getType() != task.getType()) {
            throw new InvalidInputException("spec.task", "the checkpoint " + checkpoint + " was fine-tuned for "
                    + (saved.task() == null ? "no task" : saved.task().getType()) + ", not " + task.getType()
                    + "; choose another --output");
        }
    }

    private static TaskFile taskFile(Path checkpoint) {
        Path file = checkpoint.resolve(TASK_FILE);
        try {
            return JSON.readValue(file.toFile(), TaskFile.class);
        } catch (java.io.IOException e) {
            throw new InvalidInputException("spec.task", "the checkpoint " + checkpoint + " is not a fine-tune's "
                    + "(cannot read " + file + ": " + e.getMessage() + "); choose another --output", e);
        }
    }

    /** Loads the checkpoint into the trainer, restores the report and the best score so far; returns its step. */
    private long resume(Path checkpoint, TaskHead head, FinetuneTrainer trainer) {
        TaskHead saved = taskFile(checkpoint).head();
        if (!head.equals(saved)) {
            throw new InvalidInputException("spec.task", "the checkpoint " + checkpoint + " holds a task head of "
                    + "another shape (" + saved + ") than the task files need (" + head + "); choose another --output");
        }
        trainer.load(checkpoint);
        CheckpointState state = ModelCheckpoint.state(checkpoint);
        report.resumed(checkpoint, state);
        Benchmark benchmark = report.status().getBenchmark();
        if (benchmark != null && benchmark.getBestScore() != null && benchmark.getBestEpoch() != null) {
            bestValue = benchmark.getBestScore();
            bestEpoch = (int) Math.round(benchmark.getBestEpoch());
        }
        return state.step();
    }

    private void evaluate(FinetuneTrainer trainer, List<FinetuneBatch> evalBatches, TaskSpec task, long step, int epoch) {
        TaskScores scores = TaskEvaluation.evaluate(trainer, evalBatches, task);
        if (bestValue == null || scores.mainValue() > bestValue) {
            bestValue = scores.mainValue();
            bestEpoch = epoch;
        }
        String line = String.format(Locale.ROOT, "epoch %d (step %,d): eval loss %.4f, %s", epoch, step,
                scores.loss(), scores.describe());
        report.taskEvaluated(step, scores.loss(), line, benchmark -> {
            scores.writeTo(benchmark);
            benchmark.setBestScore(bestValue);
            benchmark.setBestEpoch((double) bestEpoch);
        });
    }

    private FinetuneDataset dataset(InputTransformation transformation, String location, String field) {
        TaskData data = new TaskDataReader(spec.getTask(), field).read(location, spec.getData().getFormat());
        return FinetuneDataset.encode(data, transformation, spec.getTask().getType());
    }

    private static List<FinetuneBatch> microBatches(List<FinetuneDataset.Item> examples, int accumulation, int groups,
                                                    GPTConfig config, TaskHead head, int pad, FinetuneModel model) {
        int size = Math.max(1, (examples.size() + accumulation - 1) / accumulation);
        return batches(examples, groups, config, head, pad, size, model);
    }

    static List<FinetuneBatch> batches(List<FinetuneDataset.Item> items, int groups, GPTConfig config, TaskHead head,
                                       int pad, int batchSize, FinetuneModel model) {
        List<FinetuneBatch> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += batchSize) {
            batches.add(FinetuneBatch.of(items.subList(from, Math.min(items.size(), from + batchSize)), groups,
                    config.context(), head.classes(), head.regression(), pad, model.gpt().dataType()));
        }
        return batches;
    }
}
