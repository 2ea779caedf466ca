package io.kubegpt.trainer.finetune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kubegpt.api.v1alpha1.Benchmark;
import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.api.v1alpha1.GPTFinetuneSpec;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.api.v1alpha1.FinetuneTrainingSpec;
import io.kubegpt.api.v1alpha1.TaskSpec;
import io.kubegpt.api.v1alpha1.validation.LogitsLimit;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.checkpoint.CheckpointManifest;
import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.checkpoint.Resumption;
import io.kubegpt.trainer.checkpoint.TrainingInputs;
import io.kubegpt.trainer.distributed.RankGroup;
import io.kubegpt.trainer.files.AtomicFiles;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.model.TrainingBatches;
import io.kubegpt.trainer.report.RunReport;
import io.kubegpt.trainer.spec.TrainingSettings;
import io.kubegpt.trainer.tokenizer.SpecialToken;
import io.kubegpt.trainer.train.RunTemplate;
import io.kubegpt.trainer.train.TrainingLoop;
import io.kubegpt.trainer.train.TrainingProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A GPTFinetune run on this machine: read the base checkpoint (shape, tokenizer, weights), read and transform
 * the task files, add a fresh head, train with the task loss plus the auxiliary language-model loss, score the
 * evaluation file after every epoch, and report and checkpoint as a pre-train does: {@code checkpoints/} (each
 * with the GPT and head weights and {@code task.json}), {@code summary.json} with the task metrics (final, best
 * and its epoch), {@code loss.csv} and {@code loss-curve.png}.
 *
 * <p>{@code spec.base.layers} transfers the base's embeddings and first N blocks only; the later blocks keep the
 * fresh model's initialisation, as the head does.
 *
 * <p>The model's context is the longest sequence of the task files rounded up ({@link FinetuneContext}), with the
 * base's first position embeddings; a checkpoint records it, and a resumed run keeps it.
 *
 * <p>An output folder that already holds checkpoints is continued, as a pre-train is, when resume is on: the
 * latest checkpoint's weights (GPT and head) and optimizer state are loaded and training goes on from its step.
 * The example order of each epoch is a shuffle seeded by the run's seed and the epoch, and dropout is seeded by
 * the step, so a resumed run repeats an uninterrupted one. A resumed run reads its shape, tokenizer and weights
 * from its own checkpoint, never from the base, which its pre-train may have pruned since. A checkpoint of another
 * task type or head, or of another number of the base's blocks transferred, is refused; so is any checkpoint when
 * resume is off. The task files
 * are not fingerprinted: changing them between attempts goes unnoticed. A stop request ends the run as it ends a
 * pre-train.
 *
 * <p>Data-parallel, as a pre-train: every rank reads the model rank 0 starts from and the task files and runs the same
 * {@link TrainingLoop}; rank 0 decides the start step, rank r trains on its slices of each step's batch
 * ({@link TrainingOrder}), the evaluation batches are shared out among the ranks, and rank 0 alone reports and
 * writes the checkpoints.
 */
public final class FinetuneRun {

    /** The folder of a run's output that keeps the base it started from. */
    public static final String KEPT_BASE = "base";
    /** In the kept base: the base checkpoint's folder as the run was given it. */
    private static final String KEPT_BASE_ORIGIN = "origin.txt";

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

    private final GPTFinetuneSpec spec;
    private final Options options;
    private final RunReport report;
    private final RankGroup group;
    private final RunTemplate template;
    private Double bestValue;
    private int bestEpoch;

    public FinetuneRun(GPTFinetune job, Options options, RunReport report) {
        this(job, options, report, TrainingProcess.alone());
    }

    /** One rank of a data-parallel run, or a run alone ({@code report} is used by rank 0 only). */
    public FinetuneRun(GPTFinetune job, Options options, RunReport report, TrainingProcess process) {
        this.spec = job.getSpec();
        this.options = options;
        this.report = report;
        this.group = process.group();
        this.template = new RunTemplate(job, options.output(), report, process);
    }

    public GPTJobStatus run() {
        TaskSpec task = spec.getTask();
        FinetuneTrainingSpec training = spec.getTraining();
        Optional<Path> resumeFrom = group.leader()
                ? Resumption.latest(template.store(), options.resume(), report::message) : Optional.empty();
        resumeFrom.ifPresent(checkpoint -> requireTaskType(checkpoint, task));
        BaseCheckpoint fullContext = BaseCheckpoint.read(modelSource(resumeFrom), "spec.base", training.getSeed());
        int transferred = transferredBlocks(fullContext.config().layers());
        resumeFrom.ifPresent(checkpoint -> requireTransferredBlocks(checkpoint, transferred,
                fullContext.config().layers()));
        TrainingInputs inputs = TrainingInputs.ofTokenizer(fullContext.tokenizer());
        int baseContext = fullContext.config().context();
        TaskFiles atBaseContext = taskFiles(fullContext, baseContext);
        // a resumed run keeps the context its checkpoint was built with (capped, so that a base of a shorter
        // context is refused as another shape below)
        int context = Integer.parseInt(group.fromLeader("context", () -> Integer.toString(resumeFrom.isPresent()
                ? Math.min(baseContext, ModelCheckpoint.config(resumeFrom.get()).context())
                : FinetuneContext.fitting(atBaseContext.longestSequence(), baseContext))));
        // only a resumed run's task files, changed since, can need more than its context
        TaskFiles files = atBaseContext.longestSequence() > context ? taskFiles(fullContext, context) : atBaseContext;
        BaseCheckpoint base = fullContext.withContext(context);
        GPTConfig config = base.config();
        if (resumeFrom.isPresent()) {
            Resumption.requireShape(resumeFrom.get(), config);
        }
        FinetuneDataset train = files.train();
        FinetuneDataset eval = files.eval();
        leaderMessage(train.summary("train"));
        leaderMessage(spec.getData().getEval() == null ? "eval: no evaluation file, scoring the training file"
                : eval.summary("eval"));
        leaderMessage("context: " + context + " tokens (the longest sequence, rounded up to a multiple of "
                + FinetuneContext.MULTIPLE + ", at most the base's " + baseContext + ")");
        int groups = Math.max(train.groups(), eval.groups());
        TaskHead head = TaskHead.of(task, groups);

        FinetuneModel model = new FinetuneModel(config, head, training.getAuxLmWeight(),
                training.getClassifierDropout(), training.getSeed());
        // the base a fine-tune started from, as its first checkpoint recorded it
        String baseName = resumeFrom.map(checkpoint -> taskFile(checkpoint).base()).orElse(origin(base.folder()));
        if (resumeFrom.isPresent()) {
            leaderMessage("resuming from " + resumeFrom.get() + ", which holds the model; the base " + baseName
                    + " is not read again");
        } else if (options.fromScratch()) {
            leaderMessage("starting from random weights (no pre-training), shape and tokenizer of " + baseName);
        } else {
            model.loadBaseWeights(base.weights(), transferred);
            leaderMessage("starting from " + baseName + (base.folder().toString().equals(baseName) ? ""
                    : ", kept in " + base.folder() + " until the run's first checkpoint")
                    + (transferred == config.layers() ? "" : "; its embeddings and first " + transferred + " of "
                    + config.layers() + " blocks, the later blocks initialised as a fresh model's"));
        }
        int batchSize = training.getBatchSize();
        int accumulation = training.getGradientAccumulation();
        TrainingOrder order = trainingOrder(train, batchSize, accumulation, training.getSeed());
        if (model.needsLm()) {
            LogitsLimit.check((long) order.microBatch() * groups, config.context(), "the context " + config.context(),
                    config.vocabSize(), "the base's " + config.vocabSize() + " tokens")
                    .ifPresent(InvalidInputException::raise);
        }
        long stepsPerEpoch = order.stepsPerEpoch();
        long totalSteps = training.getSteps() != null ? training.getSteps() : training.getEpochs() * stepsPerEpoch;
        long warmup = Math.min(Math.round(training.getWarmupFraction() * totalSteps), totalSteps - 1);
        int pad = base.tokenizer().specialId(SpecialToken.PAD);
        int rank = group.rank();
        // rank r's micro-batch m is slice r * accumulation + m of the step's batch
        TrainingBatches batches = (step, micro) -> model.placeholders(
                batch(order.slice(step, rank * accumulation + micro), groups, config, head, pad, model));
        // evaluated a training micro-batch at a time: the logits of a whole batch may not fit in memory
        List<FinetuneBatch> evalBatches = batches(eval.items(), groups, config, head, pad, order.microBatch(), model);
        GPTJobStatus status = template.train(new RunTemplate.Plan(model, config,
                TrainingSettings.optimizer(training, warmup, totalSteps), batches, totalSteps, stepsPerEpoch,
                stepsPerEpoch, inputs, base.tokenizer()), new RunTemplate.Run() {
                    @Override
                    public long tokens(long step) {
                        return (long) order.batch(step).size() * head.groups() * config.context();
                    }

                    @Override
                    public double evaluate(long done) {
                        return FinetuneRun.this.evaluate(model, evalBatches, task, done,
                                (int) ((done + stepsPerEpoch - 1) / stepsPerEpoch));
                    }

                    @Override
                    public Optional<Path> resumable() {
                        resumeFrom.ifPresent(checkpoint -> requireHead(checkpoint, head));
                        return resumeFrom;
                    }

                    @Override
                    public void resumed() {
                        restoreBest();
                    }

                    @Override
                    public void writeCheckpointFiles(Path folder) throws IOException {
                        JSON.writeValue(folder.resolve(TASK_FILE).toFile(), new TaskFile(task, head,
                                baseName, options.fromScratch(), options.fromScratch() ? null : transferred));
                    }
                });
        if (group.leader() && status.getPhase() == Phase.Succeeded && bestValue != null
                && status.getBenchmark().getScore() != null) {
            report.message(String.format(Locale.ROOT, "%s: final %.4f, best %.4f (epoch %d)",
                    status.getBenchmark().getMetric(), status.getBenchmark().getScore(), bestValue, bestEpoch));
        }
        return status;
    }

    /**
     * Where this rank reads the model's shape, tokenizer and first weights: a resumed run reads its own checkpoint,
     * which holds all of them, and never the base again (a pre-train's keepLast may have pruned it meanwhile);
     * a fresh run reads the base. A rank that does not see rank 0's checkpoint folder reads the base: its weights
     * are rank 0's once training starts.
     */
    private Path modelSource(Optional<Path> resumeFrom) {
        Path leaders = Path.of(group.fromLeader("model-source", () -> resumeFrom.isPresent()
                ? resumeFrom.get().toString() : keptBase().toString()));
        return group.leader() || Files.isDirectory(leaders) ? leaders : options.base();
    }

    /**
     * Rank 0's copy of the base checkpoint in the run's own folder ({@value #KEPT_BASE}; its weights, shape and
     * tokenizer, not the pre-train's optimizer state), made when the run first starts: a restart before the run's
     * first checkpoint reads the copy, so the pre-train pruning the base, or the base's folder going, costs nothing.
     */
    private Path keptBase() throws IOException {
        Path kept = options.output().resolve(KEPT_BASE);
        if (Files.isDirectory(kept)) {
            return kept;
        }
        Path source = BaseCheckpoint.folder(options.base(), "spec.base");
        Files.createDirectories(options.output());
        AtomicFiles.removeLeftovers(kept);
        AtomicFiles.replaceFolder(kept, copy -> {
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.toList()) {
                    Path relative = source.relativize(file);
                    String name = relative.toString();
                    if (name.equals(ModelCheckpoint.OPTIMIZER_FILE) || name.equals(CheckpointManifest.FILE)) {
                        continue;
                    }
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy.resolve(relative));
                    } else {
                        Files.copy(file, copy.resolve(relative));
                    }
                }
            }
            Files.writeString(copy.resolve(KEPT_BASE_ORIGIN), source.toString());
        });
        return kept;
    }

    /** The base checkpoint {@code folder} was copied from, or {@code folder} itself. */
    private static String origin(Path folder) {
        Path origin = folder.resolve(KEPT_BASE_ORIGIN);
        try {
            return Files.isRegularFile(origin) ? Files.readString(origin).trim() : folder.toString();
        } catch (IOException e) {
            return folder.toString();
        }
    }

    /** The order of the training examples, each step's batch cut into a micro-batch per rank and accumulation step. */
    private TrainingOrder trainingOrder(FinetuneDataset train, int batchSize, int accumulation, long seed) {
        int slices = group.worldSize() * accumulation;
        if (batchSize < slices) {
            throw new InvalidInputException("spec.training.batchSize", "a batch of " + batchSize + " examples cannot "
                    + "give each of " + group.worldSize() + " ranks x " + accumulation + " accumulation steps an example");
        }
        TrainingOrder order = new TrainingOrder(train.items(), batchSize, slices, seed);
        if (order.stepsPerEpoch() == 0) {
            throw new InvalidInputException("spec.data.train", "the training file holds " + train.size()
                    + " examples, fewer than the " + slices + " micro-batches of a step (ranks x accumulation steps)");
        }
        return order;
    }

    private void leaderMessage(String line) {
        if (group.leader()) {
            report.message(line);
        }
    }

    /**
     * What a fine-tuned checkpoint adds to a pre-train's: the task and head it was trained for, and the base it
     * started from: {@code baseLayers} of its blocks transferred (null when from scratch; absent, meaning all, in a
     * checkpoint written before blocks could be left behind).
     */
    public record TaskFile(TaskSpec task, TaskHead head, String base, boolean fromScratch, Integer baseLayers) {
    }

    /** The base's blocks to transfer, {@code spec.base.layers} or all {@code baseLayers} of them. */
    private int transferredBlocks(int baseLayers) {
        Integer layers = spec.getBase().getLayers();
        if (layers == null) {
            return baseLayers;
        }
        if (layers < 0 || layers > baseLayers) {
            throw new InvalidInputException("spec.base.layers", "the base has " + baseLayers + " layers: transfer 0 "
                    + "(the embeddings alone) to " + baseLayers + ", not " + layers);
        }
        return layers;
    }

    /** Refuses a checkpoint that started from another number of the base's blocks. */
    private void requireTransferredBlocks(Path checkpoint, int transferred, int baseLayers) {
        TaskFile saved = taskFile(checkpoint);
        if (saved.fromScratch() || options.fromScratch()) {
            return;
        }
        int savedBlocks = saved.baseLayers() == null ? baseLayers : saved.baseLayers();
        if (savedBlocks != transferred) {
            throw new InvalidInputException("spec.base.layers", "the checkpoint " + checkpoint + " was fine-tuned from "
                    + savedBlocks + " of the base's " + baseLayers + " layers, not " + transferred
                    + "; choose another --output");
        }
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
        } catch (IOException e) {
            throw new InvalidInputException("spec.task", "the checkpoint " + checkpoint + " is not a fine-tune's "
                    + "(cannot read " + file + ": " + e.getMessage() + "); choose another --output", e);
        }
    }

    /** Refuses a checkpoint whose task head has another shape than {@code head}. */
    private static void requireHead(Path checkpoint, TaskHead head) {
        TaskHead saved = taskFile(checkpoint).head();
        if (!head.equals(saved)) {
            throw new InvalidInputException("spec.task", "the checkpoint " + checkpoint + " holds a task head of "
                    + "another shape (" + saved + ") than the task files need (" + head + "); choose another --output");
        }
    }

    /** The best score so far and its epoch, from the report of the run resumed. */
    private void restoreBest() {
        Benchmark benchmark = report.status().getBenchmark();
        if (benchmark != null && benchmark.getBestScore() != null && benchmark.getBestEpoch() != null) {
            bestValue = benchmark.getBestScore();
            bestEpoch = (int) Math.round(benchmark.getBestEpoch());
        }
    }

    /** A collective: every rank scores its share of the evaluation batches; rank 0 reports. Returns the loss. */
    private double evaluate(FinetuneModel model, List<FinetuneBatch> evalBatches, TaskSpec task, long step, int epoch) {
        TaskScores scores = TaskEvaluation.evaluate(model, evalBatches, task, group);
        if (bestValue == null || scores.mainValue() > bestValue) {
            bestValue = scores.mainValue();
            bestEpoch = epoch;
        }
        if (group.leader()) {
            String line = String.format(Locale.ROOT, "epoch %d (step %,d): eval loss %.4f, %s", epoch, step,
                    scores.loss(), scores.describe());
            report.taskEvaluated(step, scores.loss(), line, benchmark -> {
                scores.writeTo(benchmark);
                benchmark.setBestScore(bestValue);
                benchmark.setBestEpoch((double) bestEpoch);
            });
        }
        return scores.loss();
    }

    /** The training and evaluation files (the training file again when there is no evaluation file). */
    private record TaskFiles(FinetuneDataset train, FinetuneDataset eval) {

        int longestSequence() {
            return Math.max(train.longestSequence(), eval.longestSequence());
        }
    }

    /** The task files transformed to sequences of at most {@code context} tokens. */
    private TaskFiles taskFiles(BaseCheckpoint base, int context) {
        InputTransformation transformation = new InputTransformation(base.tokenizer(), context);
        FinetuneDataset train = dataset(transformation, spec.getData().getTrain(), "spec.data.train");
        return new TaskFiles(train, spec.getData().getEval() == null ? train
                : dataset(transformation, spec.getData().getEval(), "spec.data.eval"));
    }

    private FinetuneDataset dataset(InputTransformation transformation, String location, String field) {
        TaskData data = new TaskDataReader(spec.getTask(), field).read(location, spec.getData().getFormat());
        return FinetuneDataset.encode(data, transformation, spec.getTask().getType());
    }

    private static FinetuneBatch batch(List<FinetuneDataset.Item> items, int groups, GPTConfig config, TaskHead head,
                                       int pad, FinetuneModel model) {
        return FinetuneBatch.of(items, groups, config.context(), head.classes(), head.regression(), pad,
                model.gpt().dataType());
    }

    static List<FinetuneBatch> batches(List<FinetuneDataset.Item> items, int groups, GPTConfig config, TaskHead head,
                                       int pad, int batchSize, FinetuneModel model) {
        List<FinetuneBatch> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += batchSize) {
            batches.add(batch(items.subList(from, Math.min(items.size(), from + batchSize)), groups, config, head, pad,
                    model));
        }
        return batches;
    }
}
