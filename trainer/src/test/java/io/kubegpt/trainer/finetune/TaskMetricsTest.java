package io.kubegpt.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TaskMetricsTest {

    // gold 1 1 1 1 0 0 0 0 0 0, predicted 1 1 1 0 1 0 0 0 0 0: TP 3, FN 1, FP 1, TN 5
    static final int[] GOLD = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0};
    static final int[] PREDICTED = {1, 1, 1, 0, 1, 0, 0, 0, 0, 0};

    @Test
    void accuracyF1AndMatthewsMatchHandComputedValues() {
        assertThat(TaskMetrics.accuracy(PREDICTED, GOLD)).isEqualTo(0.8);
        // F1 = 2TP / (2TP + FP + FN) = 6 / 8
        assertThat(TaskMetrics.binaryF1(PREDICTED, GOLD)).isCloseTo(0.75, within(1e-12));
        // MCC = (3*5 - 1*1) / sqrt(4 * 4 * 6 * 6) = 14 / 24
        assertThat(TaskMetrics.matthews(PREDICTED, GOLD, 2)).isCloseTo(14.0 / 24, within(1e-12));
        assertThat(TaskMetrics.matthews(GOLD, GOLD, 2)).isCloseTo(1, within(1e-12));
        assertThat(TaskMetrics.matthews(new int[] {0, 0, 0, 0}, new int[] {0, 1, 0, 1}, 2)).isZero();
    }

    @Test
    void matthewsOverThreeClassesIsOneWhenPerfectAndNegativeWhenInverted() {
        int[] gold = {0, 1, 2, 0, 1, 2};
        assertThat(TaskMetrics.matthews(gold, gold, 3)).isCloseTo(1, within(1e-12));
        assertThat(TaskMetrics.matthews(new int[] {1, 2, 0, 1, 2, 0}, gold, 3)).isCloseTo(-0.5, within(1e-12));
    }

    @Test
    void pearsonAndSpearmanMatchHandComputedValues() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {2, 4, 5, 4, 5};
        // means 3 and 4; Sxy = 6, Sxx = 10, Syy = 6 -> 6 / sqrt(60)
        assertThat(TaskMetrics.pearson(x, y)).isCloseTo(6 / Math.sqrt(60), within(1e-12));
        // ranks of y with ties: 1, 2.5, 4.5, 2.5, 4.5 (mean 3) -> Sxy = 4 + 0.5 + 0 - 0.5 + 3 = 7, Sxx = 10, Syy = 9
        assertThat(TaskMetrics.ranks(y)).containsExactly(1, 2.5, 4.5, 2.5, 4.5);
        assertThat(TaskMetrics.spearman(x, y)).isCloseTo(7 / Math.sqrt(90), within(1e-12));
        assertThat(TaskMetrics.spearman(x, new double[] {1, 8, 27, 64, 125})).isCloseTo(1, within(1e-12));
    }
}
