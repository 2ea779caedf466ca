package io.kubegpt.trainer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kubegpt.api.v1alpha1.TaskType;
import io.kubegpt.trainer.finetune.FinetuneModel;
import io.kubegpt.trainer.finetune.TaskHead;
import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.runtime.NativeThreads;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Two replicas of a pass over halves of a batch give the batch's loss and gradients, as one session does. */
class ReplicatedSessionTest {

    private static final GPTConfig SMALL = new GPTConfig(29, 8, 2, 16, 2, 32, 0.1, 0.2);

    private int threadsBefore;
    /** ND4J's op threads at 2 threads: no more than the test process started its pool with. */
    private int nd4jThreads;

    @BeforeEach
    void twoThreads() {
        threadsBefore = Nd4j.getEnvironment().maxMasterThreads();
        NativeThreads.set(2);
        nd4jThreads = Nd4j.getEnvironment().maxMasterThreads();
    }

    @AfterEach
    void restoreThreads() {
        NativeThreads.set(threadsBefore);
    }

    @Test
    void twoReplicasGiveTheLossAndTheMeanGradientOfTheWholeBatch() {
        GPT model = new GPT(SMALL.withDropout(0), 7, DataType.DOUBLE);
        Map<String, INDArray> batch = batch(4, 3);
        Map<String, INDArray> expected = new HashMap<>();
        double expectedLoss = new GraphSession(model).run(batch, 1, (name, gradient) -> expected.put(name, gradient.dup()));
        ReplicatedSession replicas = new ReplicatedSession(model, 2);
        assertThat(replicas.replicasFor(batch)).isEqualTo(2);

        for (int pass = 0; pass < 2; pass++) {
            Map<String, INDArray> gradients = new HashMap<>();
            double loss = replicas.run(batch, 1, (name, gradient) -> gradients.put(name, gradient.dup()));

            assertThat(loss).isCloseTo(expectedLoss, within(1e-12));
            assertThat(gradients.keySet()).isEqualTo(expected.keySet());
            expected.forEach((name, gradient) -> assertThat(gradients.get(name).equalsWithEps(gradient, 1e-12))
                    .as("gradient of %s", name).isTrue());
        }
        assertThat(NativeThreads.openMpThreads()).as("the calling thread's OpenMP threads after the pass").isEqualTo(2);
        assertThat(Nd4j.getEnvironment().maxMasterThreads()).isEqualTo(nd4jThreads);
    }

    @Test
    void eachReplicaDrawsItsMasksFromTheSeedOfThePass() {
        GPT model = new GPT(SMALL, 7, DataType.DOUBLE);
        ReplicatedSession replicas = new ReplicatedSession(model, 2);
        Map<String, INDArray> batch = batch(4, 3);

        double first = replicas.run(batch, 11, (name, gradient) -> { });
        double again = replicas.run(batch, 11, (name, gradient) -> { });
        double otherSeed = replicas.run(batch, 12, (name, gradient) -> { });

        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void aBatchThatDoesNotSplitEvenlyOrAFineTuningBatchRunsInOneSession() {
        GPT model = new GPT(SMALL, 7, DataType.DOUBLE);
        ReplicatedSession replicas = new ReplicatedSession(model, 2);
        assertThat(replicas.replicasFor(batch(3, 3))).isEqualTo(1);
        assertThat(replicas.replicasFor(batch(1, 3))).isEqualTo(1);

        // its auxiliary LM loss weighs the tokens of the whole batch: the mean of two halves' losses is not the batch's
        TaskHead head = new TaskHead(TaskType.CLASSIFICATION, 1, 2, false);
        FinetuneModel finetune = new FinetuneModel(SMALL, head, 0.5, 0, 7);
        assertThat(new ReplicatedSession(finetune, 2).replicasFor(batch(4, 3))).isEqualTo(1);
    }

    @Test
    void aReplicasFailureReachesTheCallerAndLeavesTheThreadsAsTheyWere() {
        GPT model = new GPT(SMALL.withDropout(0), 7, DataType.DOUBLE);
        ReplicatedSession replicas = new ReplicatedSession(model, 2);
        Map<String, INDArray> bad = batch(4, 3);
        // a token outside the vocabulary in the second half: the pass on the helper thread fails
        bad.get(GPT.TOKENS).putScalar(3, 0, SMALL.vocabSize() + 5);

        assertThatThrownBy(() -> replicas.run(bad, 1, (name, gradient) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Integer.toString(SMALL.vocabSize() + 5));
        assertThat(NativeThreads.openMpThreads()).isEqualTo(2);
        assertThat(Nd4j.getEnvironment().maxMasterThreads()).isEqualTo(nd4jThreads);
        assertThat(replicas.run(batch(4, 3), 1, (name, gradient) -> { })).isFinite();
    }

    private static Map<String, INDArray> batch(int rows, int seed) {
        return new HashMap<>(Map.of(GPT.TOKENS, tokens(rows, seed), GPT.TARGETS, tokens(rows, seed + 2)));
    }

    private static INDArray tokens(int rows, int seed) {
        int[][] tokens = new int[rows][SMALL.context()];
        for (int row = 0; row < rows; row++) {
            for (int i = 0; i < SMALL.context(); i++) {
                tokens[row][i] = (seed * 31 + row * 17 + i * 7) % SMALL.vocabSize();
            }
        }
        return Nd4j.createFromArray(tokens);
    }
}
