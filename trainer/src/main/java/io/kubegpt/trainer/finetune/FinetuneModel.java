package io.kubegpt.trainer.finetune;

import io.kubegpt.api.v1alpha1.TaskType;
import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.model.LossTerm;
import io.kubegpt.trainer.model.TrainableModel;
import io.kubegpt.trainer.ops.stock.Dropout;
import io.kubegpt.trainer.ops.Ops;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.IntStream;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A GPT with a task head, in the GPT's own SameDiff graph. The final hidden state at each sequence's extract
 * token is picked by a one-hot row ({@code [N, 1, T] x [N, T, d]}); similarity adds the states of its two orders;
 * classifier dropout; then a linear layer: class logits, one score per answer (multiple choice, softmax across the
 * answers, padding answers masked) or a regression score. The loss is the task loss (mean cross-entropy, or mean
 * squared error for scores) plus {@code auxLmWeight} times the language-model loss on the same sequences (the
 * mean over the real sequences of each one's mean next-token cross-entropy, as the batch's weights give it); with
 * weight 0 the language-model term is not built.
 */
public final class FinetuneModel implements TrainableModel {

    public static final String EXTRACT = "extract_position";
    public static final String LM_WEIGHTS = "lm_weights";
    public static final String CHOICE_MASK = "choice_mask";
    public static final String LABELS = "labels";
    public static final String SCORES = "task_scores";
    public static final String TASK_LOSSES = "task_losses";
    public static final String LM_LOSS = "lm_loss";
    public static final String LOSS = "finetune_loss";
    public static final String HEAD_WEIGHT = "clf_weight";
    public static final String HEAD_BIAS = "clf_bias";

    private final GPT gpt;
    private final TaskHead head;
    private final double auxLmWeight;
    private final double classifierDropout;
    private Dropout headDropout;

    /** A fresh float model: GPT weights from {@code seed}, head N(0, initStd) weights and zero bias. */
    public FinetuneModel(GPTConfig config, TaskHead head, double auxLmWeight, double classifierDropout, long seed) {
        this(config, head, auxLmWeight, classifierDropout, seed, DataType.FLOAT);
    }

    public FinetuneModel(GPTConfig config, TaskHead head, double auxLmWeight, double classifierDropout, long seed,
                         DataType dataType) {
        this.gpt = new GPT(config, seed, dataType);
        this.head = head;
        this.auxLmWeight = auxLmWeight;
        this.classifierDropout = classifierDropout;
        build();
        gpt.setTraining(true);
        setTraining(true);
    }

    private void build() {
        SameDiff sd = gpt.sameDiff();
        GPTConfig config = gpt.config();
        DataType dt = gpt.dataType();
        Ops ops = new Ops(sd, dt, config.initStd());
        int t = config.context();
        int d = config.dModel();
        int g = head.groups();
        SDVariable extract = sd.placeHolder(EXTRACT, dt, -1, t);
        SDVariable labels = sd.placeHolder(LABELS, dt, -1, head.classes());
        SDVariable hidden = sd.getVariable(GPT.HIDDEN).reshape(-1, t, d);
        SDVariable states = sd.expandDims(extract, 1).mmul(hidden).reshape(-1, g, d);
        if (head.type() == TaskType.SIMILARITY) {
            states = states.sum(true, 1);
        }
        headDropout = ops.dropout("clf_dropout", classifierDropout);
        states = dropout(states).reshape(-1, d);
        SDVariable w = ops.weight(HEAD_WEIGHT, d, head.linearOutputs());
        SDVariable b = ops.bias(HEAD_BIAS, head.linearOutputs());
        SDVariable out = states.mmul(w).add(b);
        SDVariable taskLosses;
        if (head.regression()) {
            SDVariable prediction = out.reshape(-1);
            sd.identity(SCORES, prediction);
            taskLosses = sd.math().square(prediction.sub(labels.reshape(-1)));
        } else {
            SDVariable logits = out.reshape(-1, head.classes());
            if (head.type() == TaskType.MULTIPLE_CHOICE) {
                logits = logits.add(sd.placeHolder(CHOICE_MASK, dt, -1, g));
            }
            sd.identity(SCORES, logits);
            SDVariable labelIndices = sd.argmax(labels, 1).castTo(DataType.INT);
            taskLosses = ops.crossEntropy(logits, labelIndices);
        }
        SDVariable loss = sd.mean(taskLosses.rename(TASK_LOSSES));
        if (auxLmWeight > 0) {
            SDVariable weights = sd.placeHolder(LM_WEIGHTS, dt, -1);
            SDVariable lm = sd.sum(LM_LOSS, sd.getVariable(GPT.TOKEN_LOSSES).mul(weights));
            loss = loss.add(lm.mul(auxLmWeight));
        }
        sd.identity(LOSS, loss);
        sd.setLossVariables(LOSS);
    }

    /**
     * Inverted dropout before the head, as the GPT's own: a Bernoulli mask scaled in training, 1 in evaluation. The
     * states are [B, G, d]; as in GPT-1, one [B, 1, d] mask serves all G sequences of an example, so the answers to
     * a multiple-choice question are scored through the same features.
     */
    private SDVariable dropout(SDVariable states) {
        if (classifierDropout == 0) {
            return states;
        }
        SameDiff sd = gpt.sameDiff();
        SDVariable perExample = sd.shape(states).castTo(DataType.LONG)
                .mul(sd.constant(Nd4j.createFromArray(1L, 0L, 1L))).add(sd.constant(Nd4j.createFromArray(0L, 1L, 0L)));
        return headDropout.apply(states, perExample);
    }

    /** Dropout (the GPT's and the classifier's) on for training, off for evaluation. */
    @Override
    public void setTraining(boolean training) {
        gpt.setTraining(training);
        headDropout.setTraining(training);
    }

    /** The placeholders a training iteration reads from a batch, by name: all but the labels. */
    public Map<String, INDArray> features(FinetuneBatch batch) {
        Map<String, INDArray> features = new LinkedHashMap<>();
        features.put(GPT.TOKENS, batch.tokens());
        features.put(EXTRACT, batch.extract());
        if (needsLm()) {
            features.put(GPT.TARGETS, batch.targets());
            features.put(LM_WEIGHTS, batch.lmWeights());
        }
        if (head.type() == TaskType.MULTIPLE_CHOICE) {
            features.put(CHOICE_MASK, batch.choiceMask());
        }
        return features;
    }

    /** The placeholders of a training iteration: the features and the labels. */
    public Map<String, INDArray> placeholders(FinetuneBatch batch) {
        Map<String, INDArray> placeholders = new LinkedHashMap<>(features(batch));
        placeholders.put(LABELS, batch.labels());
        return placeholders;
    }

    @Override
    public List<String> featureNames() {
        return List.copyOf(features(FinetuneBatch.NONE).keySet());
    }

    @Override
    public List<String> labelNames() {
        return List.of(LABELS);
    }

    @Override
    public String lossName() {
        return LOSS;
    }

    @Override
    public List<LossTerm> lossTerms() {
        return needsLm() ? List.of(LossTerm.mean(TASK_LOSSES), LossTerm.sum(LM_LOSS, auxLmWeight))
                : List.of(LossTerm.mean(TASK_LOSSES));
    }

    /** The GPT's parameters and the head's. */
    @Override
    public SortedMap<String, INDArray> parameters() {
        return gpt.parameters();
    }

    @Override
    public void loadParameters(Map<String, INDArray> saved) {
        gpt.loadParameters(saved);
    }

    /** The head's outputs with dropout as currently set: logits [B, classes or answers], or scores [B]. */
    public INDArray scores(FinetuneBatch batch) {
        Map<String, INDArray> placeholders = new HashMap<>(features(batch));
        placeholders.remove(GPT.TARGETS);
        placeholders.remove(LM_WEIGHTS);
        return sameDiff().output(placeholders, SCORES).get(SCORES);
    }

    /** The per-example task losses, the language-model loss (when built) and the total of a batch, dropout as set. */
    public Map<String, INDArray> losses(FinetuneBatch batch) {
        Map<String, INDArray> placeholders = new HashMap<>(features(batch));
        placeholders.put(LABELS, batch.labels());
        return needsLm() ? sameDiff().output(placeholders, TASK_LOSSES, LM_LOSS, LOSS)
                : sameDiff().output(placeholders, TASK_LOSSES, LOSS);
    }

    /** Copies all the pre-trained GPT weights in; the head keeps its fresh initialisation. */
    public void loadBaseWeights(Map<String, INDArray> base) {
        loadBaseWeights(base, config().layers());
    }

    /**
     * Copies the pre-trained embeddings and first {@code blocks} blocks in; the later blocks keep their fresh
     * initialisation, as the head does. GPT-1 has no other weights: each block ends in its own LayerNorm, which
     * travels with it, and the language-model head is the token embedding.
     */
    public void loadBaseWeights(Map<String, INDArray> base, int blocks) {
        if (blocks < 0 || blocks > config().layers()) {
            throw new IllegalArgumentException("the model has " + config().layers() + " blocks, not " + blocks);
        }
        SortedMap<String, INDArray> parameters = gpt.parameters();
        for (Map.Entry<String, INDArray> entry : parameters.entrySet()) {
            String name = entry.getKey();
            if (name.equals(HEAD_WEIGHT) || name.equals(HEAD_BIAS) || inBlockFrom(name, blocks)) {
                continue;
            }
            INDArray saved = base.get(name);
            if (saved == null || !java.util.Arrays.equals(saved.shape(), entry.getValue().shape())) {
                throw new IllegalArgumentException("the base weights lack " + name + " "
                        + java.util.Arrays.toString(entry.getValue().shape()));
            }
            entry.getValue().assign(saved);
        }
    }

    private boolean inBlockFrom(String name, int first) {
        return IntStream.range(first, config().layers()).anyMatch(layer -> name.startsWith(GPT.blockPrefix(layer)));
    }

    public boolean needsLm() {
        return auxLmWeight > 0;
    }

    public double auxLmWeight() {
        return auxLmWeight;
    }

    public TaskHead head() {
        return head;
    }

    public GPT gpt() {
        return gpt;
    }

    @Override
    public SameDiff sameDiff() {
        return gpt.sameDiff();
    }

    public GPTConfig config() {
        return gpt.config();
    }
}
