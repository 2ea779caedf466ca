package io.kubegpt.trainer.model;

import io.kubegpt.trainer.InvalidInputException;

/**
 * Shape of a GPT model. Invalid combinations are rejected when the record is built, naming the
 * {@code spec.model.*} field at fault ({@code spec.tokenizer.vocabSize} for the vocabulary).
 */
public record GPTConfig(int vocabSize, int context, int layers, int dModel, int heads, int ffn,
                        double dropout, double initStd) {

    public static final double GPT1_INIT_STD = 0.02;

    public GPTConfig {
        positive("spec.tokenizer.vocabSize", vocabSize);
        positive("spec.model.context", context);
        positive("spec.model.layers", layers);
        positive("spec.model.dModel", dModel);
        positive("spec.model.heads", heads);
        positive("spec.model.ffn", ffn);
        if (dModel % heads != 0) {
            throw new InvalidInputException("spec.model.heads",
                    "dModel " + dModel + " is not divisible by heads " + heads);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new InvalidInputException("spec.model.dropout", "must be in [0, 1), got " + dropout);
        }
        if (!(initStd > 0)) {
            throw new InvalidInputException("spec.model.initStd", "must be positive, got " + initStd);
        }
    }

    /** The paper's model: 12 layers, d 768, 12 heads, FFN 3072, context 512, dropout 0.1. */
    public static GPTConfig gpt1(int vocabSize) {
        return new GPTConfig(vocabSize, 512, 12, 768, 12, 3072, 0.1, GPT1_INIT_STD);
    }

    public GPTConfig withVocabSize(int newVocabSize) {
        return new GPTConfig(newVocabSize, context, layers, dModel, heads, ffn, dropout, initStd);
    }

    public GPTConfig withContext(int newContext) {
        return new GPTConfig(vocabSize, newContext, layers, dModel, heads, ffn, dropout, initStd);
    }

    public GPTConfig withDropout(double newDropout) {
        return new GPTConfig(vocabSize, context, layers, dModel, heads, ffn, newDropout, initStd);
    }

    public int headSize() {
        return dModel / heads;
    }

    /** Trainable parameters: embeddings (the output projection is tied) plus per block attention, MLP and two LayerNorms. */
    public long parameterCount() {
        long d = dModel;
        long attention = 4 * (d * d + d);
        long mlp = d * ffn + ffn + (long) ffn * d + d;
        long layerNorms = 2 * 2 * d;
        return (long) vocabSize * d + (long) context * d + layers * (attention + mlp + layerNorms);
    }

    /** How {@link #flopsPerToken} counts, in words, for every line that quotes an MFU. */
    public static final String FLOPS_METHOD = "6 N + 12 L H Q T FLOPs per token (nanoGPT's estimate_mfu; N without "
            + "the position embeddings)";

    /**
     * Training FLOPs per token as nanoGPT's {@code estimate_mfu} counts them (the PaLM paper's appendix): 6·N for the
     * forward and backward matmuls over the N parameters other than the position embeddings (2 per multiply-add
     * forward, 4 backward; the tied output projection makes the token embedding count as a matmul), plus
     * 12·layers·heads·headSize·context for attention scores and their weighted sum (QKᵀ and AV, forward and backward).
     */
    public long flopsPerToken() {
        return 6 * (parameterCount() - (long) context * dModel) + 12L * layers * dModel * context;
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new InvalidInputException(field, "must be positive, got " + value);
        }
    }
}
