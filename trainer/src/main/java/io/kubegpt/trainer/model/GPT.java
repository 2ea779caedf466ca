package io.kubegpt.trainer.model;

import io.kubegpt.trainer.ops.Ops;
import io.kubegpt.trainer.ops.stock.Dropout;
import io.kubegpt.trainer.optim.NamedArrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GPT-1 as a SameDiff graph: token embedding + learned positions, post-LayerNorm blocks
 * ({@code x = LN(x + attn(x)); x = LN(x + mlp(x))}) with causal multi-head self-attention and a 4x GELU MLP,
 * logits tied to the token embedding, dropout on embeddings, residual branches and attention weights.
 *
 * <p>The sequence length is fixed at {@code context}; the batch size is free. Because attention is causal,
 * a shorter sequence can be right-padded: the logits of the real positions do not depend on the padding.
 *
 * <p>Parameter names end in {@code _weight}, {@code _bias} or {@code _gain}; the optimizer decides weight decay
 * from them.
 */
public final class GPT implements LanguageModel {

    public static final String TOKENS = "tokens";
    public static final String TARGETS = "targets";
    public static final String LOGITS = "logits";
    public static final String LOSS = "loss";
    public static final String TOKEN_LOSSES = "token_losses";
    /** The final hidden states [B*T, dModel] (after the last block), for task heads. */
    public static final String HIDDEN = "hidden";
    public static final String TOKEN_EMBEDDING = "wte_weight";
    public static final String POSITION_EMBEDDING = "wpe_weight";

    private final GPTConfig config;
    private final DataType dataType;
    private final SameDiff sd = SameDiff.create();
    private final Ops ops;
    private Dropout dropout;

    /** A float model initialised from {@code seed}. */
    public GPT(GPTConfig config, long seed) {
        this(config, seed, DataType.FLOAT);
    }

    public GPT(GPTConfig config, long seed, DataType dataType) {
        this.config = config;
        this.dataType = dataType;
        this.ops = new Ops(sd, dataType, config.initStd());
        Nd4j.getRandom().setSeed(seed);
        build();
        setTraining(true);
    }

    private void build() {
        int t = config.context();
        int d = config.dModel();
        SDVariable tokens = sd.placeHolder(TOKENS, DataType.INT, -1, t);
        SDVariable targets = sd.placeHolder(TARGETS, DataType.INT, -1, t);
        SDVariable wte = ops.weight(TOKEN_EMBEDDING, config.vocabSize(), d);
        SDVariable wpe = ops.weight(POSITION_EMBEDDING, t, d);
        dropout = ops.dropout("dropout", config.dropout());

        SDVariable x = ops.embedding(wte, tokens).add(wpe);
        x = dropout.apply(x).reshape(-1, d);
        for (int layer = 0; layer < config.layers(); layer++) {
            String p = blockPrefix(layer);
            x = ops.layerNorm(p + "ln1", ops.add(x, dropout.apply(attention(p + "attn", x))), d);
            x = ops.layerNorm(p + "ln2", ops.add(x, dropout.apply(mlp(p + "mlp", x))), d);
        }
        sd.identity(HIDDEN, x);
        sd.identity(LOGITS, sd.mmul(x, wte, false, true, false).reshape(-1, t, config.vocabSize()));
        SDVariable tokenLosses = ops.tiedOutputCrossEntropy(x, wte, targets.reshape(-1)).rename(TOKEN_LOSSES);
        sd.mean(LOSS, tokenLosses);
        sd.setLossVariables(LOSS);
    }

    /** What the names of block {@code layer}'s parameters start with (its attention, MLP and both LayerNorms). */
    public static String blockPrefix(int layer) {
        return "h" + layer + "_";
    }

    /** x: [B*T, d] -> [B*T, d]. */
    private SDVariable attention(String p, SDVariable x) {
        int d = config.dModel();
        SDVariable q = ops.linear(p + "_q", x, d, d);
        SDVariable k = ops.linear(p + "_k", x, d, d);
        SDVariable v = ops.linear(p + "_v", x, d, d);
        SDVariable y = ops.causalSelfAttention(q, k, v, d, config.context(), config.heads(), dropout);
        return ops.linear(p + "_proj", y, d, d);
    }

    private SDVariable mlp(String p, SDVariable x) {
        SDVariable hidden = ops.gelu(ops.linear(p + "_fc", x, config.dModel(), config.ffn()));
        return ops.linear(p + "_proj", hidden, config.ffn(), config.dModel());
    }

    @Override
    public void setTraining(boolean training) {
        dropout.setTraining(training);
    }

    /** Logits [B, context, V] for token rows of exactly {@code context} tokens, in the current dropout mode. */
    public INDArray logits(int[][] tokens) {
        return sd.output(Map.of(TOKENS, tokenArray(tokens)), LOGITS).get(LOGITS);
    }

    /**
     * Logits for the token after {@code prompt}: the last {@code context} tokens, right-padded, in the current
     * dropout mode (call {@code setTraining(false)} first when generating).
     */
    public float[] nextTokenLogits(int[] prompt) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("empty prompt");
        }
        int t = config.context();
        int used = Math.min(prompt.length, t);
        int[] row = new int[t];
        System.arraycopy(prompt, prompt.length - used, row, 0, used);
        INDArray logits = logits(new int[][] {row});
        return logits.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.point(used - 1)).castTo(DataType.FLOAT).toFloatVector();
    }

    /** The mean next-token loss of {@code tokens} predicting {@code targets} (both [B][context]), current mode. */
    public double loss(int[][] tokens, int[][] targets) {
        return sd.output(Map.of(TOKENS, tokenArray(tokens), TARGETS, tokenArray(targets)), LOSS).get(LOSS).getDouble(0);
    }

    private INDArray tokenArray(int[][] rows) {
        for (int[] row : rows) {
            if (row.length != config.context()) {
                throw new IllegalArgumentException("each row must hold " + config.context() + " tokens, got " + row.length);
            }
        }
        return Nd4j.createFromArray(rows);
    }

    @Override
    public SortedMap<String, INDArray> parameters() {
        SortedMap<String, INDArray> parameters = new TreeMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                parameters.put(v.name(), v.getArr());
            }
        }
        return parameters;
    }

    @Override
    public void loadParameters(Map<String, INDArray> saved) {
        NamedArrays.assign(parameters(), saved);
    }

    public GPTConfig config() {
        return config;
    }

    public DataType dataType() {
        return dataType;
    }

    @Override
    public SameDiff sameDiff() {
        return sd;
    }

    @Override
    public String inputName() {
        return TOKENS;
    }

    @Override
    public String targetName() {
        return TARGETS;
    }

    @Override
    public String lossName() {
        return LOSS;
    }

    @Override
    public String tokenLossesName() {
        return TOKEN_LOSSES;
    }

    @Override
    public int context() {
        return config.context();
    }
}
