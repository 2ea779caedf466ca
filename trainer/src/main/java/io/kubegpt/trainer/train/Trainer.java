package io.kubegpt.trainer.train;

import io.kubegpt.trainer.optim.GradientReducer;
import io.kubegpt.trainer.optim.Optimizer;
import io.kubegpt.trainer.optim.OptimizerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The training loop, knowing a model only as a {@link LanguageModel}: per optimizer step it runs
 * {@code accumulationSteps} micro-batches through SameDiff's training iteration (what fit() runs per batch)
 * and then the optimizer.
 *
 * <p>Dropout is re-seeded before every micro-batch from the run's seed, the step and the micro-batch, so a run
 * resumed at step s repeats an uninterrupted run from s on. In a data-parallel run rank r's micro-batch m is the
 * global micro-batch {@code r * accumulationSteps + m}, so every rank draws its own dropout masks.
 */
public final class Trainer {

    public static final String WEIGHTS_FILE = "weights.bin";
    public static final String OPTIMIZER_FILE = "optimizer.bin";

    private final LanguageModel model;
    private final BatchSource batches;
    private final long seed;
    private final Optimizer optimizer;
    private final LossCapture lossCapture;
    private final TrainingIterations iterations;
    private final int rank;
    private final NativeGarbage garbage = new NativeGarbage(128L << 20);
    private long tokensTrained;

    public Trainer(LanguageModel model, OptimizerConfig config, BatchSource batches, long seed) {
        this(model, config, batches, seed, GradientReducer.LOCAL);
    }

    public Trainer(LanguageModel model, OptimizerConfig config, BatchSource batches, long seed, GradientReducer reducer) {
        this(model, config, batches, seed, reducer, 0);
    }

    /** One rank of a data-parallel run: {@code reducer} averages the gradients across ranks. */
    public Trainer(LanguageModel model, OptimizerConfig config, BatchSource batches, long seed, GradientReducer reducer,
                   int rank) {
        this.model = model;
        this.rank = rank;
        this.batches = batches;
        this.seed = seed;
        SameDiff sd = model.sameDiff();
        // SameDiff builds one updater per variable from this; the optimizer replaces them all.
        sd.setTrainingConfig(TrainingConfig.builder()
                .updater(new Sgd(0))
                .dataSetFeatureMapping(model.inputName())
                .dataSetLabelMapping(model.targetName())
                .build());
        this.optimizer = new Optimizer(sd, config, reducer);
        this.lossCapture = new LossCapture(model.tokenLossesName());
        this.iterations = new TrainingIterations(sd, lossCapture);
    }

    /** One optimizer step over {@code accumulationSteps} micro-batches; returns their mean loss. */
    public double step(int step) {
        double loss = accumulateGradients(step);
        optimizer.step(step);
        garbage.collectIfGrown();
        return loss;
    }

    /** The forward and backward passes of a step without the update: gradients summed in the optimizer. */
    public double accumulateGradients(int step) {
        model.setTraining(true);
        int microBatches = optimizer.config().accumulationSteps();
        double loss = 0;
        for (int micro = 0; micro < microBatches; micro++) {
            model.setRandomSeed(dropoutSeed(step, micro));
            int[][] windows = batches.windows(step, micro);
            iterations.run(placeholders(model, windows), step);
            loss += lossCapture.take();
            tokensTrained += (long) windows.length * model.context();
        }
        return loss / microBatches;
    }

    /** Steps {@code from} (inclusive) to {@code to} (exclusive); returns the loss of each. */
    public double[] run(int from, int to, ProgressListener listener) {
        double[] losses = new double[to - from];
        long start = System.nanoTime();
        long startTokens = tokensTrained;
        for (int step = from; step < to; step++) {
            losses[step - from] = step(step);
            listener.stepDone(step, losses[step - from], optimizer.learningRate(step), tokensTrained - startTokens,
                    Duration.ofNanos(System.nanoTime() - start));
        }
        return losses;
    }

    /** Mean loss with dropout off over {@code batchCount} batches of {@code source} (its step argument is the batch index). */
    public double evaluate(BatchSource source, int batchCount) {
        return validationLoss(model, source, batchCount);
    }

    /** {@link #evaluate} for a model outside training, such as one loaded from a checkpoint. */
    public static double validationLoss(LanguageModel model, BatchSource source, int batchCount) {
        model.setTraining(false);
        try {
            double total = 0;
            for (int i = 0; i < batchCount; i++) {
                total += model.sameDiff().output(placeholders(model, source.windows(i, 0)), model.lossName())
                        .get(model.lossName()).getDouble(0);
            }
            return total / batchCount;
        } finally {
            model.setTraining(true);
        }
    }

    /** Writes the parameters and the optimizer state into {@code dir} (which must exist). */
    public void save(Path dir) {
        TensorFile.write(dir.resolve(WEIGHTS_FILE), model.parameters());
        TensorFile.write(dir.resolve(OPTIMIZER_FILE), optimizer.state());
    }

    public void load(Path dir) {
        model.loadParameters(TensorFile.read(dir.resolve(WEIGHTS_FILE)));
        optimizer.loadState(TensorFile.read(dir.resolve(OPTIMIZER_FILE)));
    }

    public LanguageModel model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    private long dropoutSeed(int step, int microBatch) {
        int accumulation = optimizer.config().accumulationSteps();
        long globalMicroBatch = (long) rank * accumulation + microBatch;
        return rank == 0
                ? seed * 0x9E3779B97F4A7C15L + (long) step * accumulation + microBatch
                : seed * 0x9E3779B97F4A7C15L + (long) step * accumulation + globalMicroBatch * 0xBF58476D1CE4E5B9L;
    }

    /** Windows of context+1 tokens -> inputs (first context tokens) and targets (last context tokens). */
    private static Map<String, INDArray> placeholders(LanguageModel model, int[][] windows) {
        int context = model.context();
        for (int[] window : windows) {
            if (window.length != context + 1) {
                throw new IllegalArgumentException("windows must hold context + 1 = " + (context + 1) + " tokens, got " + window.length);
            }
        }
        INDArray all = Nd4j.createFromArray(windows);
        INDArray inputs = all.get(NDArrayIndex.all(), NDArrayIndex.interval(0, context)).dup();
        INDArray targets = all.get(NDArrayIndex.all(), NDArrayIndex.interval(1, context + 1)).dup();
        return Map.of(model.inputName(), inputs, model.targetName(), targets);
    }
}
