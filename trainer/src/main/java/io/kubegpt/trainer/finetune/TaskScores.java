package io.kubegpt.trainer.finetune;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kubegpt.api.v1alpha1.Benchmark;
import io.kubegpt.api.v1alpha1.TaskMetric;
import io.kubegpt.api.v1alpha1.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The metrics of one evaluation, by metric: accuracy, F1 (two labels), Matthews correlation for classes; Pearson
 * and Spearman for scores. The main metric is the spec's first, or accuracy (Pearson for scores).
 */
public record TaskScores(TaskMetric main, Map<TaskMetric, Double> values, double loss) {

    /** Scores from class predictions (argmax of the head, or the chosen answer). */
    public static TaskScores ofClasses(TaskSpec task, int classes, int[] predicted, int[] gold, double loss) {
        Map<TaskMetric, Double> values = new LinkedHashMap<>();
        values.put(TaskMetric.ACCURACY, TaskMetrics.accuracy(predicted, gold));
        if (classes == 2 && task.getLabels() != null) {
            values.put(TaskMetric.F1, TaskMetrics.binaryF1(predicted, gold));
        }
        values.put(TaskMetric.MATTHEWS, TaskMetrics.matthews(predicted, gold, classes));
        return new TaskScores(main(task, TaskMetric.ACCURACY), values, loss);
    }

    /** Scores from regression predictions. */
    public static TaskScores ofScores(TaskSpec task, double[] predicted, double[] gold, double loss) {
        Map<TaskMetric, Double> values = new LinkedHashMap<>();
        values.put(TaskMetric.PEARSON, TaskMetrics.pearson(predicted, gold));
        values.put(TaskMetric.SPEARMAN, TaskMetrics.spearman(predicted, gold));
        return new TaskScores(main(task, TaskMetric.PEARSON), values, loss);
    }

    private static TaskMetric main(TaskSpec task, TaskMetric fallback) {
        return task.getMetrics() == null || task.getMetrics().isEmpty() ? fallback : task.getMetrics().get(0);
    }

    public double mainValue() {
        return values.get(main);
    }

    /** Writes the individual metrics and the main one (as metric and score) into {@code benchmark}. */
    public void writeTo(Benchmark benchmark) {
        benchmark.setMetric(name(main));
        benchmark.setScore(mainValue());
        benchmark.setAccuracy(values.get(TaskMetric.ACCURACY));
        benchmark.setF1(values.get(TaskMetric.F1));
        benchmark.setMatthews(values.get(TaskMetric.MATTHEWS));
        benchmark.setPearson(values.get(TaskMetric.PEARSON));
        benchmark.setSpearman(values.get(TaskMetric.SPEARMAN));
    }

    /** e.g. {@code accuracy 0.9100, f1 0.9072, matthews 0.8204}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        values.forEach((metric, value) -> parts.add(String.format(Locale.ROOT, "%s %.4f", name(metric), value)));
        return String.join(", ", parts);
    }

    /** The metric as spelled in YAML, e.g. {@code accuracy}. */
    public static String name(TaskMetric metric) {
        try {
            return TaskMetric.class.getField(metric.name()).getAnnotation(JsonProperty.class).value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
