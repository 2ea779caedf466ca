package io.kubegpt.api.v1alpha1.validation;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kubegpt.api.v1alpha1.BaseModelSpec;
import io.kubegpt.api.v1alpha1.CheckpointSpec;
import io.kubegpt.api.v1alpha1.FinetuneDataSpec;
import io.kubegpt.api.v1alpha1.GPTFinetuneSpec;
import io.kubegpt.api.v1alpha1.GPTJobSpec;
import io.kubegpt.api.v1alpha1.GPTPretrainSpec;
import io.kubegpt.api.v1alpha1.ModelSpec;
import io.kubegpt.api.v1alpha1.PretrainDataSpec;
import io.kubegpt.api.v1alpha1.PretrainTrainingSpec;
import io.kubegpt.api.v1alpha1.TaskMetric;
import io.kubegpt.api.v1alpha1.TaskSpec;
import io.kubegpt.api.v1alpha1.TaskType;
import io.kubegpt.api.v1alpha1.TrainingSpec;
import io.kubegpt.api.v1alpha1.ZeroShotHeuristic;
import io.kubegpt.api.v1alpha1.ZeroShotTaskSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules a CRD schema cannot state: relations between fields. The operator reports them in status and the
 * trainer's CLI exits with them, so both reject a spec for the same reasons with the same words. Expects the
 * defaults applied (a spec read from the API server, or built by the Java types).
 */
public final class SpecValidation {

    private static final Set<TaskMetric> SCORE_METRICS = Set.of(TaskMetric.PEARSON, TaskMetric.SPEARMAN);

    private SpecValidation() {
    }

    public static List<FieldError> validate(GPTPretrainSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        model(spec.getModel(), errors);
        data(spec.getData(), errors);
        warmup(spec.getTraining(), errors);
        job(spec, errors);
        logits(spec, errors);
        zeroShot(spec.getEvaluation().getZeroShot(), errors);
        return errors;
    }

    public static List<FieldError> validate(GPTFinetuneSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        base(spec.getBase(), errors);
        task(spec.getTask(), errors);
        data(spec.getData(), errors);
        job(spec, errors);
        return errors;
    }

    private static void model(ModelSpec model, List<FieldError> errors) {
        if (model.getDModel() % model.getHeads() != 0) {
            errors.add(new FieldError("spec.model.dModel", model.getDModel() + " is not divisible by spec.model.heads ("
                    + model.getHeads() + "); each head gets dModel / heads dimensions"));
        }
    }

    /** A tokenizer read from files has a size only the trainer knows: it checks then. */
    private static void logits(GPTPretrainSpec spec, List<FieldError> errors) {
        TrainingSpec training = spec.getTraining();
        long perStep = (long) spec.getWorkers().worldSize() * training.getGradientAccumulation();
        if (spec.getTokenizer().getPath() != null || training.getBatchSize() % perStep != 0) {
            return;
        }
        LogitsLimit.check(training.getBatchSize() / perStep, spec.getModel().getContext(),
                "spec.model.context " + spec.getModel().getContext(), spec.getTokenizer().getVocabSize(),
                "spec.tokenizer.vocabSize " + spec.getTokenizer().getVocabSize()).ifPresent(errors::add);
    }

    private static void data(PretrainDataSpec data, List<FieldError> errors) {
        if (data.getUrl() != null && data.getPath() != null) {
            errors.add(new FieldError("spec.data.url", "set url or path, not both"));
        }
        if (data.getClaimName() != null && data.getPath() == null) {
            errors.add(new FieldError("spec.data.path", "required when spec.data.claimName is set: the corpus "
                    + "file or folder on that claim"));
        }
    }

    private static void warmup(PretrainTrainingSpec training, List<FieldError> errors) {
        if (training.getSteps() != null && training.getWarmupSteps() >= training.getSteps()) {
            errors.add(new FieldError("spec.training.warmupSteps", training.getWarmupSteps()
                    + " is not less than spec.training.steps (" + training.getSteps()
                    + "): the learning rate would never reach its peak"));
        }
    }

    private static void job(GPTJobSpec spec, List<FieldError> errors) {
        TrainingSpec training = spec.getTraining();
        int ranks = spec.getWorkers().worldSize();
        int perStep = ranks * training.getGradientAccumulation();
        if (training.getBatchSize() % perStep != 0) {
            errors.add(new FieldError("spec.training.batchSize", training.getBatchSize() + " is not divisible by "
                    + ranks + " ranks x " + training.getGradientAccumulation() + " micro-batches (" + perStep
                    + "); every micro-batch must hold the same number of sequences"));
        }
        CheckpointSpec checkpoint = spec.getCheckpoint();
        if (checkpoint.getClaimName() != null && checkpoint.getVolume() != null) {
            errors.add(new FieldError("spec.checkpoint.volume", "set claimName (an existing claim) or volume "
                    + "(a claim the operator creates), not both"));
        }
    }

    private static void zeroShot(List<ZeroShotTaskSpec> tasks, List<FieldError> errors) {
        Set<String> names = new HashSet<>();
        for (int i = 0; tasks != null && i < tasks.size(); i++) {
            ZeroShotTaskSpec task = tasks.get(i);
            String field = "spec.evaluation.zeroShot[" + i + "]";
            ZeroShotHeuristic heuristic = task.getHeuristic();
            List<String> labels = task.getLabels();
            if (!names.add(task.getName())) {
                errors.add(new FieldError(field + ".name", task.getName() + " names an earlier task too"));
            }
            if (heuristic.choosesAnAnswer()) {
                String why = "must be unset for " + yamlName(heuristic) + ": the label of a row is the index of its "
                        + "right answer";
                unset(labels, field + ".labels", why, errors);
                unset(task.getLabelWords(), field + ".labelWords", why, errors);
                unset(task.getPrompt(), field + ".prompt", why, errors);
            } else if (labels == null) {
                errors.add(new FieldError(field + ".labels", "required for " + yamlName(heuristic)
                        + ": the class labels, in order, as the data spell them"));
            } else if (Set.copyOf(labels).size() != labels.size()) {
                errors.add(new FieldError(field + ".labels", "must not repeat a label"));
            }
            if (heuristic == ZeroShotHeuristic.ACCEPTABILITY) {
                if (labels != null && labels.size() != 2) {
                    errors.add(new FieldError(field + ".labels", "acceptability needs exactly two labels: "
                            + "unacceptable, then acceptable"));
                }
                if (task.getTrain() == null) {
                    errors.add(new FieldError(field + ".train", "required for acceptability: the file whose rows "
                            + "choose the threshold"));
                }
                unset(task.getLabelWords(), field + ".labelWords", "applies only to labelWord", errors);
                unset(task.getPrompt(), field + ".prompt", "applies only to labelWord", errors);
            } else if (task.getTrain() != null) {
                errors.add(new FieldError(field + ".train", "applies only to acceptability"));
            }
            if (task.getLabelWords() != null && labels != null && task.getLabelWords().size() != labels.size()) {
                errors.add(new FieldError(field + ".labelWords", task.getLabelWords().size() + " words for "
                        + labels.size() + " labels: give one word per label, in the labels' order"));
            }
            if (task.getFormat() == null) {
                for (String file : task.getTrain() == null ? List.of(task.getData())
                        : List.of(task.getData(), task.getTrain())) {
                    if (!file.endsWith(".jsonl") && !file.endsWith(".csv")) {
                        errors.add(new FieldError(field + ".format", "required: " + file
                                + " ends neither in .jsonl nor .csv; set jsonl or csv"));
                    }
                }
            }
        }
    }

    private static void unset(Object value, String field, String why, List<FieldError> errors) {
        if (value != null) {
            errors.add(new FieldError(field, why));
        }
    }

    private static void base(BaseModelSpec base, List<FieldError> errors) {
        if ((base.getPretrain() == null) == (base.getPath() == null)) {
            errors.add(new FieldError("spec.base", "set exactly one of pretrain (a GPTPretrain's name) and path "
                    + "(a checkpoint folder)"));
        }
        if (base.getStep() != null && base.getPretrain() == null) {
            errors.add(new FieldError("spec.base.step", "only applies with spec.base.pretrain"));
        }
        if (base.getClaimName() != null && base.getPath() == null) {
            errors.add(new FieldError("spec.base.path", "required when spec.base.claimName is set"));
        }
    }

    private static void task(TaskSpec task, List<FieldError> errors) {
        List<String> labels = task.getLabels();
        boolean needsLabels = task.getType() == TaskType.CLASSIFICATION || task.getType() == TaskType.ENTAILMENT;
        if (needsLabels && labels == null) {
            errors.add(new FieldError("spec.task.labels", "required for " + yamlName(task.getType())
                    + ": the class labels, in the order the head numbers them"));
        }
        if (task.getType() == TaskType.MULTIPLE_CHOICE && labels != null) {
            errors.add(new FieldError("spec.task.labels", "must be unset for multipleChoice: the label of a row is "
                    + "the index of its right answer"));
        }
        if (labels != null && Set.copyOf(labels).size() != labels.size()) {
            errors.add(new FieldError("spec.task.labels", "must not repeat a label"));
        }
        if (task.getMetrics() == null) {
            return;
        }
        boolean scores = task.getType() == TaskType.SIMILARITY && labels == null;
        for (TaskMetric metric : task.getMetrics()) {
            if (SCORE_METRICS.contains(metric) != scores) {
                errors.add(new FieldError("spec.task.metrics", yamlName(metric) + (scores
                        ? " needs labels; similarity without labels predicts scores: use pearson or spearman"
                        : " applies only to similarity scores (type similarity without labels)")));
            }
            if (metric == TaskMetric.F1 && (labels == null || labels.size() != 2)) {
                errors.add(new FieldError("spec.task.metrics", "f1 needs exactly two labels"));
            }
        }
    }

    private static void data(FinetuneDataSpec data, List<FieldError> errors) {
        if (data.getFormat() != null) {
            return;
        }
        for (String file : data.getEval() == null ? List.of(data.getTrain()) : List.of(data.getTrain(), data.getEval())) {
            if (!file.endsWith(".jsonl") && !file.endsWith(".csv")) {
                errors.add(new FieldError("spec.data.format", "required: " + file
                        + " ends neither in .jsonl nor .csv; set jsonl or csv"));
            }
        }
    }

    /** The value as it is spelled in YAML, e.g. {@code multipleChoice}. */
    private static String yamlName(Enum<?> value) {
        try {
            return value.getDeclaringClass().getField(value.name()).getAnnotation(JsonProperty.class).value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
