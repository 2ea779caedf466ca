package io.kubegpt.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kubegpt.api.v1alpha1.TaskSpec;
import io.kubegpt.api.v1alpha1.TaskType;
import io.kubegpt.trainer.distributed.RankGroup;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.optim.GradientReducer;
import io.kubegpt.trainer.optim.LearningRateSchedule;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.session.RandomOpSeeder;
import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import io.kubegpt.trainer.tokenizer.SpecialToken;
import io.kubegpt.trainer.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class FinetuneModelTest {

    static final BpeTokenizer TOKENIZER = InputTransformationTest.TOKENIZER;
    static final int PAD = TOKENIZER.specialId(SpecialToken.PAD);
    static final GPTConfig TINY = new GPTConfig(TOKENIZER.vocabSize(), 16, 1, 32, 2, 64, 0.0, 0.02);

    static FinetuneDataset dataset(TaskType type, List<Example> examples) {
        return FinetuneDataset.encode(new TaskData("test", examples, 0, List.of()),
                new InputTransformation(TOKENIZER, TINY.context()), type);
    }

    static FinetuneBatch batch(FinetuneDataset data, TaskHead head) {
        return FinetuneBatch.of(data.items(), data.groups(), TINY.context(), head.classes(), head.regression(), PAD,
                org.nd4j.linalg.api.buffer.DataType.FLOAT);
    }

    static TaskSpec task(TaskType type, List<String> labels) {
        return TaskDataReaderTest.task(type, labels);
    }

    @Test
    void similarityIsSymmetricInItsInputs() {
        TaskSpec task = task(TaskType.SIMILARITY, null);
        TaskHead head = TaskHead.of(task, 2);
        FinetuneModel model = new FinetuneModel(TINY, head, 0.5, 0.1, 3);
        model.setTraining(false);
        INDArray forward = model.scores(batch(dataset(TaskType.SIMILARITY, List.of(
                Example.scoredPair(1, "the cat sat", "the dog", 1), Example.scoredPair(2, "on the mat", "a log", 2))), head));
        INDArray backward = model.scores(batch(dataset(TaskType.SIMILARITY, List.of(
                Example.scoredPair(1, "the dog", "the cat sat", 1), Example.scoredPair(2, "a log", "on the mat", 2))), head));
        assertThat(forward.toDoubleVector()).containsExactly(backward.toDoubleVector());
        assertThat(forward.getDouble(0)).isNotEqualTo(forward.getDouble(1));
    }

    @Test
    void multipleChoiceScoresFollowTheAnswersWhenPermuted() {
        TaskSpec task = task(TaskType.MULTIPLE_CHOICE, null);
        List<String> answers = List.of("sat on the mat", "ran to the log", "the dog");
        List<String> permuted = List.of(answers.get(2), answers.get(0), answers.get(1));
        FinetuneDataset original = dataset(TaskType.MULTIPLE_CHOICE, List.of(Example.choice(1, "the cat", answers, 0)));
        FinetuneDataset shuffled = dataset(TaskType.MULTIPLE_CHOICE, List.of(Example.choice(1, "the cat", permuted, 1)));
        TaskHead head = TaskHead.of(task, 3);
        FinetuneModel model = new FinetuneModel(TINY, head, 0.5, 0.1, 4);
        model.setTraining(false);
        double[] a = model.scores(batch(original, head)).toDoubleVector();
        double[] b = model.scores(batch(shuffled, head)).toDoubleVector();
        assertThat(b[0]).isCloseTo(a[2], within(1e-6));
        assertThat(b[1]).isCloseTo(a[0], within(1e-6));
        assertThat(b[2]).isCloseTo(a[1], within(1e-6));
        assertThat(a[0]).isNotCloseTo(a[1], within(1e-7));
    }

    @Test
    void auxiliaryWeightZeroEqualsPlainSupervisedTraining() {
        TaskSpec task = task(TaskType.CLASSIFICATION, List.of("cat", "dog"));
        TaskHead head = TaskHead.of(task, 1);
        FinetuneBatch batch = batch(dataset(TaskType.CLASSIFICATION, List.of(Example.text(1, "the cat sat", 0),
                Example.text(2, "the dog sat on the log", 1), Example.text(3, "a cat on the mat", 0))), head);
        FinetuneBatch noLmTargets = new FinetuneBatch(batch.tokens(), batch.targets(), batch.extract(),
                batch.lmWeights().mul(0), batch.choiceMask(), batch.labels(), batch.labelIndices(), batch.scores());

        Map<String, INDArray> weightZero = train(new FinetuneModel(TINY, head, 0, 0, 7), batch);
        Map<String, INDArray> supervisedOnly = train(new FinetuneModel(TINY, head, 0.5, 0, 7), noLmTargets);
        Map<String, INDArray> withLm = train(new FinetuneModel(TINY, head, 0.5, 0, 7), batch);
        assertThat(weightZero.keySet()).isEqualTo(supervisedOnly.keySet());
        weightZero.forEach((name, value) -> assertThat(value.equalsWithEps(supervisedOnly.get(name), 1e-6))
                .as(name).isTrue());
        assertThat(weightZero.get("wte_weight").equalsWithEps(withLm.get("wte_weight"), 1e-6)).isFalse();

        FinetuneModel model = new FinetuneModel(TINY, head, 0.5, 0, 7);
        Map<String, INDArray> losses = model.losses(batch);
        assertThat(losses.get(FinetuneModel.LOSS).getDouble(0)).isCloseTo(losses.get(FinetuneModel.TASK_LOSSES)
                .meanNumber().doubleValue() + 0.5 * losses.get(FinetuneModel.LM_LOSS).getDouble(0), within(1e-5));
        assertThat(losses.get(FinetuneModel.LM_LOSS).getDouble(0)).isCloseTo(Math.log(TINY.vocabSize()), within(0.5));
    }

    /** As GPT-1, one classifier dropout mask per example: identical answers keep identical scores in training. */
    @Test
    void classifierDropoutIsSharedByTheAnswersOfAnExample() {
        FinetuneDataset data = dataset(TaskType.MULTIPLE_CHOICE, List.of(
                Example.choice(1, "the cat", List.of("sat on the mat", "sat on the mat", "sat on the mat"), 0)));
        TaskHead head = TaskHead.of(task(TaskType.MULTIPLE_CHOICE, null), data.groups());
        FinetuneModel model = new FinetuneModel(TINY, head, 0.5, 0.5, 6);
        model.setTraining(false);
        double[] evaluation = model.scores(batch(data, head)).toDoubleVector();
        model.setTraining(true);
        RandomOpSeeder.attachTo(model.sameDiff()).orElseThrow().setSeed(1);
        double[] training = model.scores(batch(data, head)).toDoubleVector();
        assertThat(training[0]).isNotCloseTo(evaluation[0], within(1e-6));
        assertThat(training[1]).isEqualTo(training[0]);
        assertThat(training[2]).isEqualTo(training[0]);
    }

    /** As GPT-1: each real sequence's mean next-token loss, then the mean over sequences (a padding answer is none). */
    @Test
    void languageModelLossIsTheMeanOverSequencesOfTheirMeanTokenLoss() {
        FinetuneDataset data = dataset(TaskType.MULTIPLE_CHOICE, List.of(
                Example.choice(1, "the cat", List.of("sat on the mat", "ran", "the dog sat on the log"), 0),
                Example.choice(2, "a dog", List.of("sat", "on the log on the mat"), 1)));
        TaskHead head = TaskHead.of(task(TaskType.MULTIPLE_CHOICE, null), data.groups());
        FinetuneBatch batch = batch(data, head);
        FinetuneModel model = new FinetuneModel(TINY, head, 0.5, 0, 5);
        Map<String, INDArray> placeholders = new java.util.HashMap<>(model.features(batch));
        placeholders.put(FinetuneModel.LABELS, batch.labels());
        INDArray tokenLosses = model.sameDiff().output(placeholders, io.kubegpt.trainer.model.GPT.TOKEN_LOSSES)
                .get(io.kubegpt.trainer.model.GPT.TOKEN_LOSSES);

        double sumOfSequenceMeans = 0;
        int sequences = 0;
        for (int e = 0; e < data.items().size(); e++) {
            List<int[]> answers = data.items().get(e).sequences();
            for (int g = 0; g < answers.size(); g++) {
                int row = e * data.groups() + g;
                int targets = answers.get(g).length - 1;
                double sum = 0;
                for (int t = 0; t < targets; t++) {
                    sum += tokenLosses.getDouble((long) row * TINY.context() + t);
                }
                sumOfSequenceMeans += sum / targets;
                sequences++;
            }
        }
        assertThat(sequences).isEqualTo(5);
        assertThat(model.losses(batch).get(FinetuneModel.LM_LOSS).getDouble(0))
                .isCloseTo(sumOfSequenceMeans / sequences, within(1e-5));
    }

    private static Map<String, INDArray> train(FinetuneModel model, FinetuneBatch batch) {
        Trainer trainer = new Trainer(model, OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-2)),
                (step, micro) -> model.placeholders(batch), 1, GradientReducer.LOCAL, 0, 1);
        for (int step = 0; step < 3; step++) {
            trainer.step(step);
        }
        Map<String, INDArray> copy = new java.util.TreeMap<>();
        model.gpt().parameters().forEach((name, value) -> copy.put(name, value.dup()));
        return copy;
    }

    @Test
    void aTinyModelLearnsASeparableTask() {
        String[] cats = {"the cat sat", "a cat on the mat", "the cat", "cat sat on the mat", "on the mat the cat"};
        String[] dogs = {"the dog sat", "a dog on the log", "the dog", "dog sat on the log", "on the log the dog"};
        Random random = new Random(1);
        List<Example> train = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            boolean dog = i % 2 == 1;
            train.add(Example.text(i + 1, (dog ? dogs : cats)[random.nextInt(5)], dog ? 1 : 0));
        }
        TaskSpec task = task(TaskType.CLASSIFICATION, List.of("cat", "dog"));
        TaskHead head = TaskHead.of(task, 1);
        FinetuneDataset data = dataset(TaskType.CLASSIFICATION, train);
        FinetuneModel model = new FinetuneModel(TINY.withDropout(0.1), head, 0.5, 0.1, 11);
        List<FinetuneBatch> batches = FinetuneRun.batches(data.items(), 1, TINY, head, PAD, 16, model);
        Trainer trainer = new Trainer(model, OptimizerConfig.gpt1(LearningRateSchedule.warmupLinear(1e-2, 2, 40)),
                (step, micro) -> model.placeholders(batches.get((int) step % batches.size())), 5, GradientReducer.LOCAL, 0, 1);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < 40; step++) {
            last = trainer.step(step);
            first = step == 0 ? last : first;
        }
        TaskScores scores = TaskEvaluation.evaluate(model, batches, task, RankGroup.single());
        assertThat(last).isLessThan(first);
        assertThat(scores.values().get(io.kubegpt.api.v1alpha1.TaskMetric.ACCURACY)).isGreaterThanOrEqualTo(0.95);
    }
}
