package io.kubegpt.trainer.finetune;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** The fine-tuning metrics GLUE-style benchmarks report, on plain arrays. */
public final class TaskMetrics {

    private TaskMetrics() {
    }

    public static double accuracy(int[] predicted, int[] gold) {
        check(predicted.length, gold.length);
        int right = 0;
        for (int i = 0; i < gold.length; i++) {
            right += predicted[i] == gold[i] ? 1 : 0;
        }
        return (double) right / gold.length;
    }

    /** F1 of class 1 (the second label) against the rest; 0 when there is no true positive. */
    public static double binaryF1(int[] predicted, int[] gold) {
        check(predicted.length, gold.length);
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < gold.length; i++) {
            boolean p = predicted[i] == 1;
            boolean g = gold[i] == 1;
            tp += p && g ? 1 : 0;
            fp += p && !g ? 1 : 0;
            fn += !p && g ? 1 : 0;
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /**
     * Matthews correlation over {@code classes} classes (Gorodkin's R_K; for two classes the usual
     * (TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN))); 0 when a denominator term is 0.
     */
    public static double matthews(int[] predicted, int[] gold, int classes) {
        check(predicted.length, gold.length);
        long[] predictedCount = new long[classes];
        long[] goldCount = new long[classes];
        long correct = 0;
        int n = gold.length;
        for (int i = 0; i < n; i++) {
            predictedCount[predicted[i]]++;
            goldCount[gold[i]]++;
            correct += predicted[i] == gold[i] ? 1 : 0;
        }
        double pg = 0;
        double pp = 0;
        double gg = 0;
        for (int k = 0; k < classes; k++) {
            pg += (double) predictedCount[k] * goldCount[k];
            pp += (double) predictedCount[k] * predictedCount[k];
            gg += (double) goldCount[k] * goldCount[k];
        }
        double denominator = Math.sqrt(((double) n * n - pp) * ((double) n * n - gg));
        return denominator == 0 ? 0 : ((double) correct * n - pg) / denominator;
    }

    /** Pearson correlation; 0 when either side is constant. */
    public static double pearson(double[] x, double[] y) {
        check(x.length, y.length);
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }

    /** Spearman correlation: Pearson of the ranks, ties sharing their average rank. */
    public static double spearman(double[] x, double[] y) {
        check(x.length, y.length);
        return pearson(ranks(x), ranks(y));
    }

    /** 1-based ranks, ties averaged. */
    static double[] ranks(double[] values) {
        Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = rank;
            }
            i = j + 1;
        }
        return ranks;
    }

    private static void check(int a, int b) {
        if (a != b || a == 0) {
            throw new IllegalArgumentException("need two non-empty arrays of one length, got " + a + " and " + b);
        }
    }
}
