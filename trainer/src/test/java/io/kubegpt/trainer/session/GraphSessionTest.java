package io.kubegpt.trainer.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.model.GPTConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GraphSessionTest {

    private static final GPTConfig SMALL = new GPTConfig(29, 8, 2, 16, 2, 32, 0.1, 0.2);

    @Test
    void everyPassGivesSameDiffsOwnGradientsWhileTheMemoryOfTheFirstIsReused() {
        // dropout's ops in the graph, switched off so that SameDiff's own gradients are the same function
        GPT model = new GPT(SMALL, 7, DataType.DOUBLE);
        model.setTraining(false);
        Map<String, INDArray> batch = Map.of(GPT.TOKENS, tokens(3), GPT.TARGETS, tokens(5));
        Map<String, INDArray> expected = model.sameDiff().calculateGradients(batch, model.parameters().keySet());
        ArrayPool memory = new ArrayPool();
        GraphSession session = new GraphSession(model, memory);

        int buffersAfterFirstPass = -1;
        for (int p = 0; p < 4; p++) {
            int pass = p;
            Map<String, INDArray> gradients = new HashMap<>();
            session.run(batch, 1, (name, gradient) -> gradients.put(name, gradient.dup()));

            assertThat(gradients.keySet()).isEqualTo(expected.keySet());
            expected.forEach((name, gradient) -> assertThat(gradients.get(name).equalsWithEps(gradient, 1e-12))
                    .as("gradient of %s in pass %d", name, pass).isTrue());
            if (pass == 0) {
                buffersAfterFirstPass = memory.buffers();
            }
            assertThat(memory.buffers()).as("buffers held after pass %d", pass).isEqualTo(buffersAfterFirstPass);
        }
    }

    private static INDArray tokens(int seed) {
        int[][] rows = new int[2][SMALL.context()];
        for (int row = 0; row < rows.length; row++) {
            for (int i = 0; i < SMALL.context(); i++) {
                rows[row][i] = (seed * 31 + row * 17 + i * 7) % SMALL.vocabSize();
            }
        }
        return Nd4j.createFromArray(rows);
    }
}
