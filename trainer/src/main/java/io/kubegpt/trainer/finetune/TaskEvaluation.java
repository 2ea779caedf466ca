package io.kubegpt.trainer.finetune;

import io.kubegpt.api.v1alpha1.TaskSpec;
import io.kubegpt.trainer.distributed.RankGroup;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runs the evaluation batches through the model (dropout off) and scores the predictions against the labels. The
 * ranks of a group share the batches out (batch i on rank i mod ranks) and sum their outputs, each rank's zero where
 * another computed, so every rank scores all predictions.
 */
public final class TaskEvaluation {

    private TaskEvaluation() {
    }

    /** A collective: every rank of {@code group} calls it with the same batches. */
    public static TaskScores evaluate(FinetuneModel model, List<FinetuneBatch> batches, TaskSpec task, RankGroup group) {
        TaskHead head = model.head();
        List<INDArray> outputs = predict(model, batches, group);
        int n = batches.stream().mapToInt(FinetuneBatch::examples).sum();
        double loss = 0;
        int at = 0;
        if (head.regression()) {
            double[] predicted = new double[n];
            double[] gold = new double[n];
            for (int b = 0; b < batches.size(); b++) {
                double[] out = outputs.get(b).reshape(-1).toDoubleVector();
                for (int i = 0; i < out.length; i++, at++) {
                    predicted[at] = out[i];
                    gold[at] = batches.get(b).scores()[i];
                    loss += (out[i] - gold[at]) * (out[i] - gold[at]);
                }
            }
            return TaskScores.ofScores(task, predicted, gold, loss / n);
        }
        int[] predicted = new int[n];
        int[] gold = new int[n];
        for (int b = 0; b < batches.size(); b++) {
            double[][] logits = outputs.get(b).toDoubleMatrix();
            for (int i = 0; i < logits.length; i++, at++) {
                gold[at] = batches.get(b).labelIndices()[i];
                predicted[at] = argmax(logits[i]);
                loss += logSumExp(logits[i]) - logits[i][gold[at]];
            }
        }
        return TaskScores.ofClasses(task, head.classes(), predicted, gold, loss / n);
    }

    /** The head's outputs [examples, classes] of every batch, dropout off; this rank computes its share. */
    private static List<INDArray> predict(FinetuneModel model, List<FinetuneBatch> batches, RankGroup group) {
        int width = model.head().classes();
        int rows = batches.stream().mapToInt(FinetuneBatch::examples).sum();
        INDArray all = Nd4j.zeros(DataType.DOUBLE, rows, width);
        List<INDArray> outputs = new ArrayList<>(batches.size());
        model.setTraining(false);
        try {
            int row = 0;
            for (int b = 0; b < batches.size(); b++) {
                int examples = batches.get(b).examples();
                INDArray rowsOfBatch = all.get(NDArrayIndex.interval(row, row + examples),
                        NDArrayIndex.all());
                if (b % group.worldSize() == group.rank()) {
                    rowsOfBatch.assign(model.scores(batches.get(b)).reshape(examples, width));
                }
                outputs.add(rowsOfBatch);
                row += examples;
            }
        } finally {
            model.setTraining(true);
        }
        if (group.worldSize() > 1) {
            group.allReduceSum(all);
        }
        return outputs;
    }

    static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double logSumExp(double[] values) {
        double max = values[argmax(values)];
        double sum = 0;
        for (double v : values) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }
}
