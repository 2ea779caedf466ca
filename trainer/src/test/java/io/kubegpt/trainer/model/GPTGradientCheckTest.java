package io.kubegpt.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.trainer.optim.LearningRateSchedule;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.train.Trainer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Gradients from SameDiff's training iteration against central finite differences of the loss, in double precision. */
class GPTGradientCheckTest {

    static final GPTConfig TINY = new GPTConfig(13, 6, 2, 8, 2, 12, 0.0, 0.3);
    // tokens 0..9 appear as inputs; 10..12 only as targets or nowhere, so their wte rows get gradient only
    // through the tied output projection
    static final int[][] WINDOWS = {{1, 2, 3, 4, 5, 6, 10}, {9, 9, 0, 8, 7, 1, 11}, {3, 1, 4, 1, 5, 9, 2}};

    private final GPT gpt = new GPT(TINY, 7, DataType.DOUBLE);
    private final BatchSource fixed = (step, micro) -> WINDOWS;
    private final Trainer trainer = new Trainer(gpt, OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-2)), fixed, 1);

    @Test
    void everyParameterTensorMatchesFiniteDifferences() {
        trainer.accumulateGradients(0);
        Map<String, INDArray> gradients = trainer.optimizer().accumulatedGradients();
        assertThat(gradients.keySet()).isEqualTo(gpt.parameters().keySet()).hasSize(2 + TINY.layers() * 16);
        assertMatchFiniteDifferences(gradients);
    }

    /** The second iteration reuses the first one's pooled arrays; its gradients, at the updated weights, still match. */
    @Test
    void theSecondIterationStillMatchesFiniteDifferences() {
        Map<String, INDArray> initial = copy(gpt.parameters());
        trainer.step(0);
        assertThat(gpt.parameters().get(GPT.TOKEN_EMBEDDING)).isNotEqualTo(initial.get(GPT.TOKEN_EMBEDDING));
        trainer.accumulateGradients(1);
        assertMatchFiniteDifferences(trainer.optimizer().accumulatedGradients());
    }

    private void assertMatchFiniteDifferences(Map<String, INDArray> gradients) {
        int[][] inputs = Arrays.stream(WINDOWS).map(w -> Arrays.copyOfRange(w, 0, TINY.context())).toArray(int[][]::new);
        int[][] targets = Arrays.stream(WINDOWS).map(w -> Arrays.copyOfRange(w, 1, TINY.context() + 1)).toArray(int[][]::new);
        FiniteDifferences.Entries sampled = FiniteDifferences.smallOrSampled(3);
        List<String> failures = FiniteDifferences.mismatches(gpt.parameters(), gradients, () -> gpt.loss(inputs, targets),
                (name, parameter) -> name.equals(GPT.TOKEN_EMBEDDING) ? embeddingEntries() : sampled.of(name, parameter));
        assertThat(failures).as("gradient mismatches").isEmpty();
    }

    /** First and last entries of the rows of input tokens (1, 9) and of output-only tokens (10, 12). */
    private static long[] embeddingEntries() {
        int d = TINY.dModel();
        return LongStream.of(1, 9, 10, 12).flatMap(row -> LongStream.of(row * d, row * d + d - 1)).toArray();
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> arrays) {
        Map<String, INDArray> copy = new java.util.TreeMap<>();
        arrays.forEach((name, array) -> copy.put(name, array.dup()));
        return copy;
    }
}
