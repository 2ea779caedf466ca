package io.kubegpt.trainer.finetune;

import io.kubegpt.api.v1alpha1.TaskSpec;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runs the evaluation batches through the model (dropout off) and scores the predictions against the labels. */
public final class TaskEvaluation {

    private TaskEvaluation() {
    }

    public static TaskScores evaluate(FinetuneTrainer trainer, List<FinetuneBatch> batches, TaskSpec task) {
        TaskHead head = trainer.model().head();
        List<INDArray> outputs = trainer.predict(batches);
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
