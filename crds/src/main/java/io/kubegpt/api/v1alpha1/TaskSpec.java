package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The supervised task: its input transformation, its labels and what to measure. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskSpec {

    @JsonPropertyDescription("classification, entailment, similarity or multipleChoice.")
    @Required
    private TaskType type;

    @JsonPropertyDescription("Class labels in order, as they appear in the data. Unset for similarity scores "
            + "(regression) and multiple choice (the label is the index of the right answer).")
    @Size(min = 2, max = 10000)
    private List<String> labels;

    @JsonPropertyDescription("Metrics to report; the first is the main one shown in status. Default: accuracy "
            + "(and f1 for two labels), or pearson and spearman for similarity scores.")
    private List<TaskMetric> metrics;

    public TaskType getType() {
        return type;
    }

    public void setType(TaskType type) {
        this.type = type;
    }

    public List<String> getLabels() {
        return labels;
    }

    public void setLabels(List<String> labels) {
        this.labels = labels;
    }

    public List<TaskMetric> getMetrics() {
        return metrics;
    }

    public void setMetrics(List<TaskMetric> metrics) {
        this.metrics = metrics;
    }
}
