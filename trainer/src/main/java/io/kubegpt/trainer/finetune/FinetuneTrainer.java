package io.kubegpt.trainer.finetune;

import io.kubegpt.trainer.optim.GradientReducer;
import io.kubegpt.trainer.optim.Optimizer;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.train.TensorFile;
import io.kubegpt.trainer.train.Trainer;
import io.kubegpt.trainer.train.TrainingIterations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Optimisation of a {@link FinetuneModel}: per step, a training iteration on each micro-batch (gradients summed in the
 * {@link Optimizer}), then one Adam update. Dropout is re-seeded from the run's seed, the step and the micro-batch,
 * as in pre-training. Predictions run with dropout off.
 */
public final class FinetuneTrainer {

    private final FinetuneModel model;
    private final Optimizer optimizer;
    private final long seed;
    private final LossListener losses = new LossListener();
    private final TrainingIterations iterations;

    public FinetuneTrainer(FinetuneModel model, OptimizerConfig config, long seed) {
        this(model, config, seed, GradientReducer.LOCAL);
    }

    public FinetuneTrainer(FinetuneModel model, OptimizerConfig config, long seed, GradientReducer reducer) {
        this.model = model;
        this.seed = seed;
        SameDiff sd = model.sameDiff();
        // The updater here is never used: the optimizer replaces SameDiff's updaters.
        sd.setTrainingConfig(TrainingConfig.builder()
                .updater(new Sgd(0))
                .dataSetFeatureMapping(model.features(emptyBatch()).keySet().toArray(String[]::new))
                .dataSetLabelMapping(FinetuneModel.LABELS)
                .build());
        this.optimizer = new Optimizer(sd, config, reducer);
        this.iterations = new TrainingIterations(sd, losses);
    }

    /** One optimizer step over the micro-batches; returns their mean loss (task + weighted language-model loss). */
    public double step(int step, List<FinetuneBatch> microBatches) {
        model.setTraining(true);
        double loss = 0;
        for (int micro = 0; micro < microBatches.size(); micro++) {
            long dropoutSeed = seed * 0x9E3779B97F4A7C15L + (long) step * microBatches.size() + micro;
            model.setRandomSeed(dropoutSeed);
            FinetuneBatch batch = microBatches.get(micro);
            Map<String, INDArray> placeholders = new LinkedHashMap<>(model.features(batch));
            placeholders.put(FinetuneModel.LABELS, batch.labels());
            iterations.run(placeholders, step);
            Double seen = losses.take(model.auxLmWeight());
            if (seen == null) {
                // training skipped the forward ops whose values no gradient needs: the same pass, same dropout masks.
                model.setRandomSeed(dropoutSeed);
                seen = model.losses(batch).get(FinetuneModel.LOSS).getDouble(0);
            }
            loss += seen;
        }
        optimizer.step(step);
        return loss / microBatches.size();
    }

    /** The head's outputs for every batch, dropout off: logits [B, classes] or scores [B], one per batch. */
    public List<INDArray> predict(List<FinetuneBatch> batches) {
        model.setTraining(false);
        try {
            List<INDArray> out = new ArrayList<>(batches.size());
            for (FinetuneBatch batch : batches) {
                out.add(model.scores(batch).dup());
            }
            return out;
        } finally {
            model.setTraining(true);
        }
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public FinetuneModel model() {
        return model;
    }

    /** Writes the parameters (GPT and head) and the optimizer state, as a pre-train's checkpoint holds them. */
    public void save(Path dir) {
        TensorFile.write(dir.resolve(Trainer.WEIGHTS_FILE), model.gpt().parameters());
        TensorFile.write(dir.resolve(Trainer.OPTIMIZER_FILE), optimizer.state());
    }

    /** Reads back what {@link #save} wrote: the parameters (GPT and head) and the optimizer state. */
    public void load(Path dir) {
        model.gpt().loadParameters(TensorFile.read(dir.resolve(Trainer.WEIGHTS_FILE)));
        optimizer.loadState(TensorFile.read(dir.resolve(Trainer.OPTIMIZER_FILE)));
    }

    private FinetuneBatch emptyBatch() {
        return new FinetuneBatch(null, null, null, null, null, null, new int[0], new double[0]);
    }

    /**
     * Reads the task losses and the language-model loss during a training iteration (SameDiff 1.0.0-M2.1 reports
     * 0); the total is formed here because training need not run the final sum.
     */
    private static final class LossListener extends BaseListener {
        private final Map<String, Double> seen = new java.util.HashMap<>();

        @Override
        public boolean isActive(Operation operation) {
            return operation == Operation.TRAINING;
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
                                INDArray[] outputs) {
            List<String> names = op.getOutputsOfOp();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (name.equals(FinetuneModel.TASK_LOSSES)) {
                    seen.put(name, outputs[i].meanNumber().doubleValue());
                } else if (name.equals(FinetuneModel.LM_LOSS)) {
                    seen.put(name, outputs[i].sumNumber().doubleValue());
                }
            }
        }

        /** The loss of the last iteration, or null when it did not compute its parts. */
        Double take(double auxLmWeight) {
            Double task = seen.remove(FinetuneModel.TASK_LOSSES);
            Double lm = seen.remove(FinetuneModel.LM_LOSS);
            if (task == null || (auxLmWeight > 0 && lm == null)) {
                return null;
            }
            return task + (auxLmWeight > 0 ? auxLmWeight * lm : 0);
        }
    }
}
