package io.kubegpt.trainer.finetune;

import static io.kubegpt.trainer.finetune.FinetuneModelTest.PAD;
import static io.kubegpt.trainer.finetune.FinetuneModelTest.TINY;
import static io.kubegpt.trainer.finetune.FinetuneModelTest.TOKENIZER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kubegpt.api.v1alpha1.TaskType;
import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.model.GPTConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ShortContextTest {

    private static final GPTConfig BASE = TINY.withContext(64);
    private static final TaskHead HEAD = new TaskHead(TaskType.CLASSIFICATION, 1, 2, false);

    @Test
    void theContextIsTheLongestSequenceRoundedUpAtMostTheBases() {
        assertThat(FinetuneContext.fitting(13, 64)).isEqualTo(16);
        assertThat(FinetuneContext.fitting(16, 64)).isEqualTo(16);
        assertThat(FinetuneContext.fitting(17, 64)).isEqualTo(24);
        assertThat(FinetuneContext.fitting(62, 62)).isEqualTo(62);
    }

    @Test
    void aShortTaskTrainsTheBasesFirstPositionsWithTheFullContextsLoss() {
        List<Example> examples = List.of(Example.text(1, "the cat sat on the mat", 0), Example.text(2, "a dog", 1),
                Example.text(3, "the dog ran in the park", 1));
        FinetuneDataset full = FinetuneDataset.encode(new TaskData("test", examples, 0, List.of()),
                new InputTransformation(TOKENIZER, BASE.context()), TaskType.CLASSIFICATION);
        int context = FinetuneContext.fitting(full.longestSequence(), BASE.context());
        BaseCheckpoint base = new BaseCheckpoint(Path.of("base"), BASE, TOKENIZER, new GPT(BASE, 1).parameters());
        BaseCheckpoint cut = base.withContext(context);

        assertThat(context).isLessThan(BASE.context()).isEqualTo((full.longestSequence() + 7) / 8 * 8);
        assertThat(cut.config()).isEqualTo(BASE.withContext(context));
        assertThat(cut.weights().get(GPT.POSITION_EMBEDDING)).isEqualTo(base.weights().get(GPT.POSITION_EMBEDDING)
                .get(NDArrayIndex.interval(0, context), NDArrayIndex.all()));
        FinetuneModel fullModel = model(base);
        FinetuneModel shortModel = model(cut);
        shortModel.parameters().get(FinetuneModel.HEAD_WEIGHT).assign(fullModel.parameters().get(FinetuneModel.HEAD_WEIGHT));
        assertThat(shortModel.config().context()).isEqualTo(context);
        assertThat(loss(shortModel, full, context)).isCloseTo(loss(fullModel, full, BASE.context()), within(1e-5));
    }

    private static FinetuneModel model(BaseCheckpoint base) {
        FinetuneModel model = new FinetuneModel(base.config(), HEAD, 0.5, 0.1, 3);
        model.loadBaseWeights(base.weights());
        model.setTraining(false);
        return model;
    }

    private static double loss(FinetuneModel model, FinetuneDataset data, int context) {
        FinetuneBatch batch = FinetuneBatch.of(data.items(), 1, context, HEAD.classes(), false, PAD, DataType.FLOAT);
        return model.losses(batch).get(FinetuneModel.LOSS).getDouble(0);
    }
}
