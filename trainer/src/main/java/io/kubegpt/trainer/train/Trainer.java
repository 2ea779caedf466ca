package io.kubegpt.trainer.train;

import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.checkpoint.TensorFile;
import io.kubegpt.trainer.model.BatchSource;
import io.kubegpt.trainer.model.LanguageModel;
import io.kubegpt.trainer.model.TrainableModel;
import io.kubegpt.trainer.model.TrainingBatches;
import io.kubegpt.trainer.optim.GradientReducer;
import io.kubegpt.trainer.optim.Optimizer;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.runtime.NativeGarbage;
import io.kubegpt.trainer.session.OpTimes;
import io.kubegpt.trainer.session.ReplicatedSession;
import java.nio.file.Path;

/**
 * One rank's optimizer steps, knowing a model only as a {@link TrainableModel}: per step it runs
 * {@code accumulationSteps} micro-batches through the model's {@link ReplicatedSession}, which hands every gradient to
 * the optimizer, the {@link GradientReducer} combines the gradients across ranks, and the optimizer updates the
 * parameters. On ND4J's CPU backend a micro-batch's passes run as one replica per thread.
 *
 * <p>Dropout, wherever the graph has it, is re-seeded before every micro-batch from the run's seed, the step and the
 * micro-batch (and each replica's from that), so a run resumed at step s repeats an uninterrupted run from s on. In a
 * data-parallel run rank r's micro-batch m is the global micro-batch {@code r * accumulationSteps + m}, so every rank
 * draws its own dropout masks.
 */
public final class Trainer {

    private final TrainableModel model;
    private final TrainingBatches batches;
    private final long seed;
    private final int rank;
    private final ReplicatedSession session;
    private final Optimizer optimizer;
    private final NativeGarbage garbage = new NativeGarbage(128L << 20);

    /** A language model trained alone on token windows, on 1 thread. */
    public Trainer(LanguageModel model, OptimizerConfig config, BatchSource windows, long seed) {
        this(model, config, model.batches(windows), seed, GradientReducer.LOCAL, 0, 1);
    }

    /**
     * Rank {@code rank} of a data-parallel run, whose {@code reducer} averages the gradients across ranks, on
     * {@code threads} CPU threads ({@code NativeThreads.set}).
     */
    public Trainer(TrainableModel model, OptimizerConfig config, TrainingBatches batches, long seed,
                   GradientReducer reducer, int rank, int threads) {
        this.model = model;
        this.batches = batches;
        this.seed = seed;
        this.rank = rank;
        this.session = new ReplicatedSession(model, threads);
        this.optimizer = new Optimizer(session.parameters(), config, reducer);
    }

    /**
     * Times the ops of the forward and backward passes: the next step runs each distinct call alone, the steps after
     * {@link OpTimes#startTiming()} are timed.
     */
    public OpTimes timeOps() {
        return session.timeOps();
    }

    /** One optimizer step over {@code accumulationSteps} micro-batches; returns their mean loss on this rank. */
    public double step(int step) {
        double loss = accumulateGradients(step);
        update(step);
        return loss;
    }

    /** The forward and backward passes of a step without the update: gradients summed in the optimizer. */
    public double accumulateGradients(int step) {
        model.setTraining(true);
        int microBatches = optimizer.config().accumulationSteps();
        double loss = 0;
        for (int micro = 0; micro < microBatches; micro++) {
            loss += session.run(batches.placeholders(step, micro), dropoutSeed(step, micro), optimizer::accumulate);
        }
        return loss / microBatches;
    }

    /**
     * The update of step {@code step} from the gradients accumulated for it: combined across ranks, clipped, AdamW.
     * Returns the learning rate.
     */
    public double update(int step) {
        double learningRate = optimizer.step(step);
        garbage.collectIfGrown();
        return learningRate;
    }

    /** The replicas the last micro-batch's passes ran as ({@link ReplicatedSession}). */
    public int replicas() {
        return session.lastReplicas();
    }

    /** Writes the parameters and the optimizer state into {@code dir} (which must exist). */
    public void save(Path dir) {
        TensorFile.write(dir.resolve(ModelCheckpoint.WEIGHTS_FILE), model.parameters());
        TensorFile.write(dir.resolve(ModelCheckpoint.OPTIMIZER_FILE), optimizer.state());
    }

    public void load(Path dir) {
        model.loadParameters(TensorFile.read(dir.resolve(ModelCheckpoint.WEIGHTS_FILE)));
        optimizer.loadState(TensorFile.read(dir.resolve(ModelCheckpoint.OPTIMIZER_FILE)));
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
