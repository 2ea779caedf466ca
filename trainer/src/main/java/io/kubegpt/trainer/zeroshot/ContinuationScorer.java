package io.kubegpt.trainer.zeroshot;

import io.kubegpt.trainer.model.LanguageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The log-probabilities a language model gives the tokens of a continuation after its prefix, read from the per-token
 * losses of the model's own forward pass (the loss of a target token is minus its log-probability), with dropout off,
 * in micro-batches of {@code batch} sequences. A sequence longer than the context loses tokens from the front of its
 * prefix; the continuation itself must fit in the context.
 */
public final class ContinuationScorer {

    /** Tokens to score ({@code tokens}) after the tokens that condition them ({@code prefix}, at least one). */
    public record Continuation(int[] prefix, int[] tokens) {

        public Continuation {
            if (prefix.length == 0 || tokens.length == 0) {
                throw new IllegalArgumentException("a continuation needs a prefix and at least one token to score");
            }
        }

        int length() {
            return prefix.length + tokens.length;
        }
    }

    private final LanguageModel model;
    private final int batch;

    public ContinuationScorer(LanguageModel model, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        this.model = model;
        this.batch = batch;
    }

    /** Whether {@code continuation}'s scored tokens fit in the model's context (its prefix may be cut). */
    public boolean fits(Continuation continuation) {
        return continuation.tokens().length <= model.context();
    }

    /** For each continuation, the natural log-probability of each of its tokens given every token before it. */
    public List<double[]> logProbabilities(List<Continuation> continuations) {
        List<double[]> all = new ArrayList<>(continuations.size());
        model.setTraining(false);
        try {
            for (int from = 0; from < continuations.size(); from += batch) {
                all.addAll(microBatch(continuations.subList(from, Math.min(from + batch, continuations.size()))));
            }
        } finally {
            model.setTraining(true);
        }
        return all;
    }

    private List<double[]> microBatch(List<Continuation> continuations) {
        int context = model.context();
        int[][] inputs = new int[continuations.size()][context];
        int[][] targets = new int[continuations.size()][context];
        int[] lengths = new int[continuations.size()];
        for (int row = 0; row < continuations.size(); row++) {
            Continuation continuation = continuations.get(row);
            if (!fits(continuation)) {
                throw new IllegalArgumentException(continuation.tokens().length + " tokens to score do not fit the "
                        + "context of " + context);
            }
            int[] sequence = lastTokens(continuation, context + 1);
            lengths[row] = sequence.length;
            // the padding after the sequence cannot change its positions' losses: attention is causal
            System.arraycopy(sequence, 0, inputs[row], 0, sequence.length - 1);
            System.arraycopy(sequence, 1, targets[row], 0, sequence.length - 1);
        }
        INDArray losses = model.sameDiff().output(Map.of(model.inputName(), Nd4j.createFromArray(inputs),
                model.targetName(), Nd4j.createFromArray(targets)), model.tokenLossesName())
                .get(model.tokenLossesName());
        List<double[]> scored = new ArrayList<>(continuations.size());
        for (int row = 0; row < continuations.size(); row++) {
            int count = continuations.get(row).tokens().length;
            double[] logProbabilities = new double[count];
            // target position p predicts sequence token p + 1; the scored tokens end the sequence
            int first = lengths[row] - 1 - count;
            for (int i = 0; i < count; i++) {
                logProbabilities[i] = -losses.getDouble((long) row * context + first + i);
            }
            scored.add(logProbabilities);
        }
        return scored;
    }

    /** The prefix and continuation joined, keeping the last {@code limit} tokens. */
    private static int[] lastTokens(Continuation continuation, int limit) {
        int length = Math.min(continuation.length(), limit);
        int[] sequence = new int[length];
        int fromPrefix = length - continuation.tokens().length;
        System.arraycopy(continuation.prefix(), continuation.prefix().length - fromPrefix, sequence, 0, fromPrefix);
        System.arraycopy(continuation.tokens(), 0, sequence, fromPrefix, continuation.tokens().length);
        return sequence;
    }
}
