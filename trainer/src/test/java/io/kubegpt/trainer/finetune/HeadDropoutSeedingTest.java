package io.kubegpt.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.api.v1alpha1.TaskSpec;
import io.kubegpt.api.v1alpha1.TaskType;
import io.kubegpt.trainer.optim.GradientReducer;
import io.kubegpt.trainer.optim.LearningRateSchedule;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.session.RandomOpSeeder;
import io.kubegpt.trainer.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Classifier dropout alone (the GPT's off) is seeded by the training loop as the GPT's own dropout is. */
class HeadDropoutSeedingTest {

    static final TaskSpec TASK = FinetuneModelTest.task(TaskType.CLASSIFICATION, List.of("cat", "dog"));
    static final TaskHead HEAD = TaskHead.of(TASK, 1);
    static final FinetuneBatch BATCH = FinetuneModelTest.batch(FinetuneModelTest.dataset(TaskType.CLASSIFICATION,
            List.of(Example.text(1, "the cat sat", 0), Example.text(2, "the dog ran", 1),
                    Example.text(3, "a cat on the mat", 0), Example.text(4, "a dog on the log", 1))), HEAD);

    @Test
    void aResumedRunDrawsTheClassifierDropoutMasksOfTheUninterruptedOne(@TempDir Path checkpoint) {
        Trainer uninterrupted = trainer(new FinetuneModel(FinetuneModelTest.TINY, HEAD, 0, 0.5, 3));
        double[] losses = new double[4];
        for (int step = 0; step < 4; step++) {
            losses[step] = uninterrupted.step(step);
        }
        Trainer first = trainer(new FinetuneModel(FinetuneModelTest.TINY, HEAD, 0, 0.5, 3));
        first.step(0);
        first.step(1);
        first.save(checkpoint);

        Trainer resumed = trainer(new FinetuneModel(FinetuneModelTest.TINY, HEAD, 0, 0.5, 99));
        resumed.load(checkpoint);

        assertThat(resumed.step(2)).isEqualTo(losses[2]);
        assertThat(resumed.step(3)).isEqualTo(losses[3]);
    }

    @Test
    void aModelWithoutDropoutGetsNoSeeder() {
        FinetuneModel model = new FinetuneModel(FinetuneModelTest.TINY, HEAD, 0, 0, 3);
        assertThat(RandomOpSeeder.attachTo(model.sameDiff())).isEmpty();
    }

    private static Trainer trainer(FinetuneModel model) {
        return new Trainer(model, OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-2)),
                (step, micro) -> model.placeholders(BATCH), 7, GradientReducer.LOCAL, 0, 1);
    }
}
