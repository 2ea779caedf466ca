package io.kubegpt.api.v1alpha1.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.api.v1alpha1.BaseModelSpec;
import io.kubegpt.api.v1alpha1.CheckpointVolumeSpec;
import io.kubegpt.api.v1alpha1.FinetuneDataSpec;
import io.kubegpt.api.v1alpha1.GPTFinetuneSpec;
import io.kubegpt.api.v1alpha1.GPTPretrainSpec;
import io.kubegpt.api.v1alpha1.TaskMetric;
import io.kubegpt.api.v1alpha1.TaskSpec;
import io.kubegpt.api.v1alpha1.TaskType;
import io.kubegpt.api.v1alpha1.ZeroShotHeuristic;
import io.kubegpt.api.v1alpha1.ZeroShotTaskSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidationTest {

    @Test
    void theDefaultPretrainIsValid() {
        assertThat(SpecValidation.validate(new GPTPretrainSpec())).isEmpty();
    }

    @Test
    void dModelMustBeDivisibleByHeads() {
        GPTPretrainSpec spec = new GPTPretrainSpec();
        spec.getModel().setHeads(10);

        assertThat(SpecValidation.validate(spec)).singleElement()
                .satisfies(e -> assertThat(e.toString()).isEqualTo("spec.model.dModel: 768 is not divisible by "
                        + "spec.model.heads (10); each head gets dModel / heads dimensions"));
    }

    @Test
    void batchMustSplitEvenlyAcrossRanksAndMicroBatches() {
        GPTPretrainSpec spec = new GPTPretrainSpec();
        spec.getWorkers().setReplicas(3);
        spec.getWorkers().setGpusPerWorker(2);
        spec.getTraining().setGradientAccumulation(2);

        assertThat(fields(SpecValidation.validate(spec))).containsExactly("spec.training.batchSize");
        assertThat(SpecValidation.validate(spec).get(0).message()).contains("6 ranks x 2 micro-batches (12)");
    }

    /** 64 x 512 x 40478 logits (GPT-1's micro-batch) fit in 2^31; twice the sequences do not, split in two they do. */
    @Test
    void aMicroBatchsLogitsMustStayUnder2To31Elements() {
        GPTPretrainSpec spec = new GPTPretrainSpec();
        spec.getModel().setContext(512);
        spec.getTokenizer().setVocabSize(40478);
        spec.getTraining().setBatchSize(64);
        assertThat(SpecValidation.validate(spec)).isEmpty();

        spec.getTraining().setBatchSize(128);
        assertThat(SpecValidation.validate(spec)).singleElement().satisfies(e -> assertThat(e.toString()).isEqualTo(
                "spec.training.batchSize: a micro-batch of 128 sequences x spec.model.context 512 x "
                        + "spec.tokenizer.vocabSize 40478 has 2652766208 logits, over 2^31 - 1; raise "
                        + "spec.training.gradientAccumulation or the workers, or lower spec.training.batchSize"));

        spec.getTraining().setGradientAccumulation(2);
        assertThat(SpecValidation.validate(spec)).isEmpty();
    }

    @Test
    void urlAndPathAreExclusive() {
        GPTPretrainSpec spec = new GPTPretrainSpec();
        spec.getData().setUrl("https://example.org/corpus.txt");
        spec.getData().setPath("/corpus");

        assertThat(fields(SpecValidation.validate(spec))).containsExactly("spec.data.url");
    }

    @Test
    void aClaimNeedsAPathOnIt() {
        GPTPretrainSpec spec = new GPTPretrainSpec();
        spec.getData().setClaimName("corpus");

        assertThat(fields(SpecValidation.validate(spec))).containsExactly("spec.data.path");
    }

    @Test
    void warmupMustEndBeforeTheLastStep() {
        GPTPretrainSpec spec = new GPTPretrainSpec();
        spec.getTraining().setSteps(100L);

        assertThat(fields(SpecValidation.validate(spec))).containsExactly("spec.training.warmupSteps");
    }

    @Test
    void checkpointClaimAndVolumeAreExclusive() {
        GPTPretrainSpec spec = new GPTPretrainSpec();
        spec.getCheckpoint().setClaimName("ckpt");
        spec.getCheckpoint().setVolume(new CheckpointVolumeSpec());

        assertThat(fields(SpecValidation.validate(spec))).containsExactly("spec.checkpoint.volume");
    }

    @Test
    void aValidFinetunePasses() {
        assertThat(SpecValidation.validate(finetune(TaskType.CLASSIFICATION, List.of("no", "yes")))).isEmpty();
    }

    @Test
    void baseNamesExactlyOneModel() {
        GPTFinetuneSpec both = finetune(TaskType.CLASSIFICATION, List.of("no", "yes"));
        both.getBase().setPath("/ckpt/step-100");
        GPTFinetuneSpec neither = finetune(TaskType.CLASSIFICATION, List.of("no", "yes"));
        neither.getBase().setPretrain(null);

        assertThat(fields(SpecValidation.validate(both))).containsExactly("spec.base");
        assertThat(fields(SpecValidation.validate(neither))).containsExactly("spec.base");
    }

    @Test
    void classificationNeedsLabelsAndMultipleChoiceHasNone() {
        assertThat(fields(SpecValidation.validate(finetune(TaskType.ENTAILMENT, null))))
                .containsExactly("spec.task.labels");
        assertThat(fields(SpecValidation.validate(finetune(TaskType.MULTIPLE_CHOICE, List.of("a", "b")))))
                .containsExactly("spec.task.labels");
        assertThat(fields(SpecValidation.validate(finetune(TaskType.CLASSIFICATION, List.of("a", "a")))))
                .containsExactly("spec.task.labels");
    }

    @Test
    void metricsMustFitTheTask() {
        GPTFinetuneSpec correlationOnLabels = finetune(TaskType.CLASSIFICATION, List.of("a", "b", "c"));
        correlationOnLabels.getTask().setMetrics(List.of(TaskMetric.ACCURACY, TaskMetric.PEARSON, TaskMetric.F1));
        GPTFinetuneSpec accuracyOnScores = finetune(TaskType.SIMILARITY, null);
        accuracyOnScores.getTask().setMetrics(List.of(TaskMetric.ACCURACY));

        assertThat(SpecValidation.validate(correlationOnLabels)).extracting(FieldError::message).containsExactly(
                "pearson applies only to similarity scores (type similarity without labels)",
                "f1 needs exactly two labels");
        assertThat(SpecValidation.validate(accuracyOnScores)).extracting(FieldError::message).containsExactly(
                "accuracy needs labels; similarity without labels predicts scores: use pearson or spearman");
    }

    @Test
    void anUnknownFileExtensionNeedsAFormat() {
        GPTFinetuneSpec spec = finetune(TaskType.CLASSIFICATION, List.of("no", "yes"));
        spec.getData().setEval("/data/eval.tsv");

        assertThat(SpecValidation.validate(spec)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("spec.data.format");
            assertThat(e.message()).contains("/data/eval.tsv");
        });
    }

    private static GPTFinetuneSpec finetune(TaskType type, List<String> labels) {
        GPTFinetuneSpec spec = new GPTFinetuneSpec();
        BaseModelSpec base = new BaseModelSpec();
        base.setPretrain("tiny");
        spec.setBase(base);
        TaskSpec task = new TaskSpec();
        task.setType(type);
        task.setLabels(labels);
        spec.setTask(task);
        FinetuneDataSpec data = new FinetuneDataSpec();
        data.setTrain("/data/train.jsonl");
        spec.setData(data);
        return spec;
    }

    @Test
    void zeroShotTasksNeedWhatTheirHeuristicReadsAndNothingElse() {
        ZeroShotTaskSpec sentiment = zeroShot("sentiment", ZeroShotHeuristic.LABEL_WORD, "builtin:sentiment/eval.jsonl");
        sentiment.setLabels(List.of("negative", "positive"));
        sentiment.setLabelWords(List.of("sad", "happy"));
        sentiment.setPrompt("very");
        ZeroShotTaskSpec ending = zeroShot("ending", ZeroShotHeuristic.ANSWER_LIKELIHOOD, "/data/endings.csv");
        ZeroShotTaskSpec grammar = zeroShot("grammar", ZeroShotHeuristic.ACCEPTABILITY, "/data/cola.jsonl");
        grammar.setLabels(List.of("unacceptable", "acceptable"));
        grammar.setTrain("/data/cola-train.jsonl");
        GPTPretrainSpec spec = new GPTPretrainSpec();
        spec.getEvaluation().setZeroShot(List.of(sentiment, ending, grammar));
        assertThat(SpecValidation.validate(spec)).isEmpty();

        ZeroShotTaskSpec noLabels = zeroShot("sentiment", ZeroShotHeuristic.LABEL_WORD, "/data/sst");
        noLabels.setLabelWords(List.of("sad", "happy", "calm"));
        ZeroShotTaskSpec labelledChoice = zeroShot("winograd", ZeroShotHeuristic.SUBSTITUTION, "/w.jsonl");
        labelledChoice.setLabels(List.of("a", "b"));
        labelledChoice.setTrain("/t.jsonl");
        ZeroShotTaskSpec threeWayGrammar = zeroShot("grammar", ZeroShotHeuristic.ACCEPTABILITY, "/g.jsonl");
        threeWayGrammar.setLabels(List.of("no", "maybe", "yes"));
        threeWayGrammar.setPrompt("very");
        spec.getEvaluation().setZeroShot(List.of(sentiment, noLabels, labelledChoice, threeWayGrammar));

        assertThat(SpecValidation.validate(spec)).extracting(FieldError::toString).containsExactly(
                "spec.evaluation.zeroShot[1].name: sentiment names an earlier task too",
                "spec.evaluation.zeroShot[1].labels: required for labelWord: the class labels, in order, as the data "
                        + "spell them",
                "spec.evaluation.zeroShot[1].format: required: /data/sst ends neither in .jsonl nor .csv; set jsonl "
                        + "or csv",
                "spec.evaluation.zeroShot[2].labels: must be unset for substitution: the label of a row is the index "
                        + "of its right answer",
                "spec.evaluation.zeroShot[2].train: applies only to acceptability",
                "spec.evaluation.zeroShot[3].labels: acceptability needs exactly two labels: unacceptable, then "
                        + "acceptable",
                "spec.evaluation.zeroShot[3].train: required for acceptability: the file whose rows choose the "
                        + "threshold",
                "spec.evaluation.zeroShot[3].prompt: applies only to labelWord");
    }

    private static ZeroShotTaskSpec zeroShot(String name, ZeroShotHeuristic heuristic, String data) {
        ZeroShotTaskSpec task = new ZeroShotTaskSpec();
        task.setName(name);
        task.setHeuristic(heuristic);
        task.setData(data);
        return task;
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }
}
