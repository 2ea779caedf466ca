package io.kubegpt.trainer.finetune;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arrays of one batch of B examples with G sequences each (N = B·G rows, example-major):
 * tokens [N, T] right-padded; next-token targets [N, T]; the one-hot position of each row's extract token
 * [N, T]; per-token weights of the language-model loss [N·T] (1 / (real sequences in the batch · next-token
 * targets of the token's sequence), 0 on padding: each sequence's mean loss, averaged over the sequences, as GPT-1
 * weighs it); an additive mask over the G scores of an example [B, G] (0, or -1e9 for a padding
 * answer); and the labels: one-hot [B, C] for classes, [B, 1] for a regression score.
 */
public record FinetuneBatch(INDArray tokens, INDArray targets, INDArray extract, INDArray lmWeights,
                            INDArray choiceMask, INDArray labels, int[] labelIndices, double[] scores) {

    static final double MASKED = -1e9;

    /** No arrays: a batch to ask which placeholders a model reads. */
    static final FinetuneBatch NONE = new FinetuneBatch(null, null, null, null, null, null, new int[0], new double[0]);

    public int examples() {
        return labelIndices.length;
    }

    /**
     * @param outputs classes of the head (answers G for multiple choice), or 1 for a regression score
     * @param padId   the token that fills rows after their extract token
     */
    public static FinetuneBatch of(List<FinetuneDataset.Item> items, int groups, int context, int outputs,
                                   boolean regression, int padId, DataType dataType) {
        int b = items.size();
        int n = b * groups;
        int[][] tokens = new int[n][context];
        int[][] targets = new int[n][context];
        float[][] extract = new float[n][context];
        float[] lmWeights = new float[n * context];
        float[][] choiceMask = new float[b][groups];
        float[][] labels = new float[b][outputs];
        int[] labelIndices = new int[b];
        double[] scores = new double[b];
        int realSequences = 0;
        for (int e = 0; e < b; e++) {
            FinetuneDataset.Item item = items.get(e);
            for (int g = 0; g < groups; g++) {
                int row = e * groups + g;
                boolean padding = g >= item.sequences().size();
                int[] sequence = item.sequences().get(padding ? 0 : g);
                Arrays.fill(tokens[row], padId);
                System.arraycopy(sequence, 0, tokens[row], 0, sequence.length);
                System.arraycopy(sequence, 1, targets[row], 0, sequence.length - 1);
                extract[row][sequence.length - 1] = 1;
                if (padding) {
                    choiceMask[e][g] = (float) MASKED;
                } else {
                    Arrays.fill(lmWeights, row * context, row * context + sequence.length - 1, 1f / (sequence.length - 1));
                    realSequences++;
                }
            }
            Example example = item.example();
            labelIndices[e] = example.label();
            scores[e] = example.score();
            if (regression) {
                labels[e][0] = (float) example.score();
            } else {
                labels[e][example.label()] = 1;
            }
        }
        for (int i = 0; i < lmWeights.length; i++) {
            lmWeights[i] /= realSequences;
        }
        return new FinetuneBatch(Nd4j.createFromArray(tokens), Nd4j.createFromArray(targets),
                Nd4j.createFromArray(extract).castTo(dataType), Nd4j.createFromArray(lmWeights).castTo(dataType),
                Nd4j.createFromArray(choiceMask).castTo(dataType), Nd4j.createFromArray(labels).castTo(dataType),
                labelIndices, scores);
    }
}
