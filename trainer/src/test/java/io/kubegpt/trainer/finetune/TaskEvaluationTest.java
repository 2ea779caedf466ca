package io.kubegpt.trainer.finetune;

import static io.kubegpt.trainer.finetune.FinetuneModelTest.PAD;
import static io.kubegpt.trainer.finetune.FinetuneModelTest.TINY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kubegpt.api.v1alpha1.TaskSpec;
import io.kubegpt.api.v1alpha1.TaskType;
import io.kubegpt.trainer.distributed.RankGroup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskEvaluationTest {

    private static final TaskSpec TASK = FinetuneModelTest.task(TaskType.CLASSIFICATION, List.of("cat", "dog"));
    private static final TaskHead HEAD = TaskHead.of(TASK, 1);

    @Test
    void aRankEvaluatesTheMicroBatchItTrainsWith() {
        // 8 ranks x 2 accumulation steps share a batch of 32: a rank trains on 2 examples at a time
        TrainingOrder order = new TrainingOrder(dataset(40).items(), 32, 16, 1);
        assertThat(order.microBatch()).isEqualTo(2);
    }

    @Test
    void microBatchesScoreAsTheWholeBatch() {
        FinetuneDataset data = dataset(10);
        FinetuneModel model = new FinetuneModel(TINY, HEAD, 0.5, 0.1, 7);
        TaskScores whole = TaskEvaluation.evaluate(model, batches(data, 10, model), TASK, RankGroup.single());
        TaskScores micro = TaskEvaluation.evaluate(model, batches(data, 3, model), TASK, RankGroup.single());
        assertThat(micro.loss()).isCloseTo(whole.loss(), within(1e-6));
        assertThat(micro.values()).isEqualTo(whole.values());
    }

    private static List<FinetuneBatch> batches(FinetuneDataset data, int size, FinetuneModel model) {
        return FinetuneRun.batches(data.items(), 1, TINY, HEAD, PAD, size, model);
    }

    private static FinetuneDataset dataset(int examples) {
        List<Example> rows = new ArrayList<>();
        for (int i = 0; i < examples; i++) {
            rows.add(Example.text(i + 1, i % 3 == 0 ? "the dog sat on the log" : "a cat", i % 2));
        }
        return FinetuneModelTest.dataset(TaskType.CLASSIFICATION, rows);
    }
}
