package io.kubegpt.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.trainer.optim.LearningRateSchedule;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.train.BatchSource;
import io.kubegpt.trainer.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Gradients from fit() against central finite differences of the loss, in double precision. */
class GPTGradientCheckTest {

    static final GPTConfig TINY = new GPTConfig(13, 6, 2, 8, 2, 12, 0.0, 0.3);
    static final double EPSILON = 1e-6;

    @Test
    void everyParameterTensorMatchesFiniteDifferences() {
        GPT gpt = new GPT(TINY, 7, DataType.DOUBLE);
        // tokens 0..9 appear as inputs; 10..12 only as targets or nowhere, so their wte rows get gradient only
        // through the tied output projection
        int[][] windows = {{1, 2, 3, 4, 5, 6, 10}, {9, 9, 0, 8, 7, 1, 11}, {3, 1, 4, 1, 5, 9, 2}};
        BatchSource fixed = (step, micro) -> windows;
        Trainer trainer = new Trainer(gpt, OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-3)), fixed, 1);
        trainer.accumulateGradients(0);
        Map<String, INDArray> gradients = trainer.optimizer().accumulatedGradients();

        int[][] inputs = new int[windows.length][];
        int[][] targets = new int[windows.length][];
        for (int i = 0; i < windows.length; i++) {
            inputs[i] = java.util.Arrays.copyOfRange(windows[i], 0, TINY.context());
            targets[i] = java.util.Arrays.copyOfRange(windows[i], 1, TINY.context() + 1);
        }
        assertThat(gradients.keySet()).isEqualTo(gpt.parameters().keySet()).hasSize(2 + TINY.layers() * 16);

        SplittableRandom random = new SplittableRandom(3);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, INDArray> entry : gpt.parameters().entrySet()) {
            INDArray parameter = entry.getValue();
            INDArray gradient = gradients.get(entry.getKey());
            for (long index : indicesToCheck(entry.getKey(), parameter, random)) {
                double original = parameter.getDouble(index);
                parameter.putScalar(index, original + EPSILON);
                double plus = gpt.loss(inputs, targets);
                parameter.putScalar(index, original - EPSILON);
                double minus = gpt.loss(inputs, targets);
                parameter.putScalar(index, original);
                double numeric = (plus - minus) / (2 * EPSILON);
                double analytic = gradient.getDouble(index);
                double error = Math.abs(numeric - analytic) / Math.max(1e-4, Math.abs(numeric) + Math.abs(analytic));
                if (error > 1e-5) {
                    failures.add(entry.getKey() + "[" + index + "]: analytic " + analytic + " numeric " + numeric);
                }
                checked++;
            }
        }
        assertThat(failures).as("gradient mismatches among %d checked entries", checked).isEmpty();
    }

    /** Every entry of small tensors; for the token embedding rows of input tokens and of output-only tokens. */
    private static long[] indicesToCheck(String name, INDArray parameter, SplittableRandom random) {
        if (name.equals(GPT.TOKEN_EMBEDDING)) {
            int d = TINY.dModel();
            return java.util.stream.LongStream.of(1, 9, 10, 12)
                    .flatMap(row -> java.util.stream.LongStream.of(row * d, row * d + d - 1)).toArray();
        }
        if (parameter.length() <= 24) {
            return java.util.stream.LongStream.range(0, parameter.length()).toArray();
        }
        return random.longs(24, 0, parameter.length()).toArray();
    }
}
