package io.kubegpt.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.api.v1alpha1.TaskType;
import io.kubegpt.trainer.model.FiniteDifferences;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.optim.GradientBuffer;
import io.kubegpt.trainer.optim.LearningRateSchedule;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradients of the fine-tuning graph (GPT, extract-token pick, similarity sum, head, task loss and weighted
 * language-model loss) from two training steps against central finite differences, in double precision.
 */
class FinetuneGradientCheckTest {

    static final GPTConfig TINY = new GPTConfig(FinetuneModelTest.TOKENIZER.vocabSize(), 16, 1, 8, 2, 12, 0.0, 0.3);

    @Test
    void classificationWithUnevenLanguageModelWeights() {
        TaskHead head = new TaskHead(TaskType.CLASSIFICATION, 1, 3, false);
        FinetuneBatch batch = unevenLmWeights(batch(TaskType.CLASSIFICATION, head, List.of(
                Example.text(1, "the cat sat", 0), Example.text(2, "the dog sat on the log", 2),
                Example.text(3, "a cat on the mat", 1))));
        assertMatchOverTwoSteps(head, batch);
    }

    @Test
    void similarityScoreSumsBothOrders() {
        TaskHead head = new TaskHead(TaskType.SIMILARITY, 2, 1, true);
        assertMatchOverTwoSteps(head, batch(TaskType.SIMILARITY, head, List.of(
                Example.scoredPair(1, "the cat sat", "the dog", 1.5), Example.scoredPair(2, "on the mat", "a log", 4))));
    }

    @Test
    void multipleChoiceWithAPaddedAnswer() {
        TaskHead head = new TaskHead(TaskType.MULTIPLE_CHOICE, 3, 3, false);
        FinetuneBatch batch = batch(TaskType.MULTIPLE_CHOICE, head, List.of(
                Example.choice(1, "the cat", List.of("sat on the mat", "ran to the log", "the dog"), 1),
                Example.choice(2, "a dog", List.of("sat", "on the log"), 0)));
        assertThat(batch.choiceMask().getDouble(1, 2)).isEqualTo(FinetuneBatch.MASKED);
        assertMatchOverTwoSteps(head, batch);
    }

    private static FinetuneBatch batch(TaskType type, TaskHead head, List<Example> examples) {
        FinetuneDataset data = FinetuneDataset.encode(new TaskData("test", examples, 0, List.of()),
                new InputTransformation(FinetuneModelTest.TOKENIZER, TINY.context()), type);
        return FinetuneBatch.of(data.items(), head.groups(), TINY.context(), head.classes(), head.regression(),
                FinetuneModelTest.PAD, DataType.DOUBLE);
    }

    /** Each real token's weight scaled by its own random factor in [0.5, 2): the loss must weight tokens as told. */
    private static FinetuneBatch unevenLmWeights(FinetuneBatch batch) {
        SplittableRandom random = new SplittableRandom(5);
        INDArray weights = batch.lmWeights().dup();
        for (long i = 0; i < weights.length(); i++) {
            weights.putScalar(i, weights.getDouble(i) * random.nextDouble(0.5, 2));
        }
        return new FinetuneBatch(batch.tokens(), batch.targets(), batch.extract(), weights, batch.choiceMask(),
                batch.labels(), batch.labelIndices(), batch.scores());
    }

    /**
     * Two optimizer steps on the same batch; the gradients each step hands to the reducer, and the weights they were
     * computed at, are kept, then checked. The second step's forward and backward pass reuse the first's arrays.
     */
    private static void assertMatchOverTwoSteps(TaskHead head, FinetuneBatch batch) {
        FinetuneModel model = new FinetuneModel(TINY, head, 0.5, 0, 3, DataType.DOUBLE);
        List<Map<String, INDArray>> gradients = new ArrayList<>();
        List<Map<String, INDArray>> weights = new ArrayList<>();
        Trainer trainer = new Trainer(model, OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-2)),
                (step, micro) -> model.placeholders(batch), 1, buffer -> {
                    gradients.add(byName(buffer));
                    weights.add(copy(model.gpt().parameters()));
                }, 0, 1);
        trainer.step(0);
        trainer.step(1);
        assertThat(weights.get(1).get(FinetuneModel.HEAD_WEIGHT)).isNotEqualTo(weights.get(0).get(FinetuneModel.HEAD_WEIGHT));
        for (int step = 0; step < 2; step++) {
            model.gpt().loadParameters(weights.get(step));
            List<String> failures = FiniteDifferences.mismatches(model.gpt().parameters(), gradients.get(step),
                    () -> model.losses(batch).get(FinetuneModel.LOSS).getDouble(0), FiniteDifferences.smallOrSampled(step));
            assertThat(failures).as("gradient mismatches at step %d", step).isEmpty();
        }
    }

    private static Map<String, INDArray> byName(GradientBuffer buffer) {
        Map<String, INDArray> gradients = new TreeMap<>();
        for (int i = 0; i < buffer.segments().size(); i++) {
            gradients.put(buffer.segments().get(i).name(), buffer.view(i).dup());
        }
        return gradients;
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> arrays) {
        Map<String, INDArray> copy = new TreeMap<>();
        arrays.forEach((name, array) -> copy.put(name, array.dup()));
        return copy;
    }
}
