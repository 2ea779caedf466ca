package io.kubegpt.trainer.train;

import io.kubegpt.trainer.ops.LossCapture;
import io.kubegpt.trainer.ops.RandomOpSeeder;
import io.kubegpt.trainer.ops.TrainingIterations;
import io.kubegpt.trainer.optim.GradientReducer;
import io.kubegpt.trainer.optim.Optimizer;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.runtime.NativeGarbage;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * One rank's optimizer steps, knowing a model only as a {@link TrainableModel}: per step it runs
 * {@code accumulationSteps} micro-batches through SameDiff's training iteration (what fit() runs per batch), the
 * {@link GradientReducer} combines the gradients across ranks, and the optimizer updates the parameters.
 *
 * <p>Dropout, wherever the graph has it, is re-seeded before every micro-batch from the run's seed, the step and the
 * micro-batch, so a run resumed at step s repeats an uninterrupted run from s on. In a data-parallel run rank r's
 * micro-batch m is the global micro-batch {@code r * accumulationSteps + m}, so every rank draws its own dropout masks.
 */
public final class Trainer {

    public static final String WEIGHTS_FILE = "weights.bin";
    public static final String OPTIMIZER_FILE = "optimizer.bin";

    private final TrainableModel model;
    private final TrainingBatches batches;
    private final long seed;
    private final int rank;
    private final Optimizer optimizer;
    private final LossCapture lossCapture;
    private final TrainingIterations iterations;
    private final Optional<RandomOpSeeder> dropout;
    private final NativeGarbage garbage = new NativeGarbage(128L << 20);

    /** A language model trained alone on token windows. */
    public Trainer(LanguageModel model, OptimizerConfig config, BatchSource windows, long seed) {
        this(model, config, model.batches(windows), seed, GradientReducer.LOCAL, 0);
    }

    /** Rank {@code rank} of a data-parallel run, whose {@code reducer} averages the gradients across ranks. */
    public Trainer(TrainableModel model, OptimizerConfig config, TrainingBatches batches, long seed,
                   GradientReducer reducer, int rank) {
        this.model = model;
        this.batches = batches;
        this.seed = seed;
        this.rank = rank;
        SameDiff sd = model.sameDiff();
        // SameDiff builds one updater per variable from this; the optimizer replaces them all.
        sd.setTrainingConfig(TrainingConfig.builder()
                .updater(new Sgd(0))
                .dataSetFeatureMapping(model.featureNames())
                .dataSetLabelMapping(model.labelNames())
                .build());
        this.optimizer = new Optimizer(sd, config, reducer);
        this.dropout = RandomOpSeeder.attachTo(sd);
        this.lossCapture = new LossCapture(model.lossTerms());
        this.iterations = new TrainingIterations(sd, lossCapture);
    }

    /** One optimizer step over {@code accumulationSteps} micro-batches; returns their mean loss on this rank. */
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
            long dropoutSeed = dropoutSeed(step, micro);
            dropout.ifPresent(seeder -> seeder.setSeed(dropoutSeed));
            Map<String, INDArray> placeholders = batches.placeholders(step, micro);
            iterations.run(placeholders, step);
            OptionalDouble seen = lossCapture.take();
            loss += seen.isPresent() ? seen.getAsDouble() : forwardLoss(placeholders, dropoutSeed);
        }
        return loss / microBatches;
    }

    /** The loss of the pass just trained, when training skipped an op it is read from: same inputs, same masks. */
    private double forwardLoss(Map<String, INDArray> placeholders, long dropoutSeed) {
        dropout.ifPresent(seeder -> seeder.setSeed(dropoutSeed));
        return model.sameDiff().output(placeholders, model.lossName()).get(model.lossName()).getDouble(0);
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

    public TrainableModel model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public long seed() {
        return seed;
    }

    private long dropoutSeed(int step, int microBatch) {
        int accumulation = optimizer.config().accumulationSteps();
        long globalMicroBatch = (long) rank * accumulation + microBatch;
        return rank == 0
                ? seed * 0x9E3779B97F4A7C15L + (long) step * accumulation + microBatch
                : seed * 0x9E3779B97F4A7C15L + (long) step * accumulation + globalMicroBatch * 0xBF58476D1CE4E5B9L;
    }
}
