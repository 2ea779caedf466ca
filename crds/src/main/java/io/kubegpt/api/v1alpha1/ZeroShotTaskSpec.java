package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * A task scored by the language model alone at each evaluation of a pre-train, with one of the GPT-1 paper's
 * zero-shot heuristics, on a labelled file in the fine-tunes' formats.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ZeroShotTaskSpec {

    @JsonPropertyDescription("Name of the task in status, summary.json and the picture.")
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @Size(max = 63)
    private String name;

    @JsonPropertyDescription("labelWord (classification rows: text, label), answerLikelihood (multiple-choice rows: "
            + "context, answers, label), substitution (multiple-choice rows whose context holds one _ that each "
            + "answer replaces) or acceptability (classification rows with two labels: unacceptable, acceptable).")
    @Required
    private ZeroShotHeuristic heuristic;

    @JsonPropertyDescription("The scored file, JSONL or CSV with the fields of the fine-tunes' task types: a path "
            + "on the volume named by spec.data.claimName, or builtin:NAME for a dataset bundled with the trainer.")
    @Required
    @Pattern("^(/|builtin:)\\S+$")
    private String data;

    @JsonPropertyDescription("acceptability: the file its threshold is chosen on (the one that classifies it best), "
            + "in the same form as data.")
    @Pattern("^(/|builtin:)\\S+$")
    private String train;

    @JsonPropertyDescription("jsonl or csv; taken from the file extension when unset.")
    private DataFormat format;

    @JsonPropertyDescription("labelWord and acceptability: the class labels in order, as they appear in the data.")
    @Size(min = 2, max = 100)
    private List<String> labels;

    @JsonPropertyDescription("labelWord: the word compared for each label, in the labels' order (default: the labels "
            + "themselves), each after a space.")
    @Size(min = 2, max = 100)
    private List<String> labelWords;

    @JsonPropertyDescription("labelWord: text put between the row's text and the label word, e.g. very.")
    @Pattern("^.*\\S.*$")
    private String prompt;

    @JsonPropertyDescription("Rows scored per evaluation (and for choosing the threshold): the first this many.")
    @Min(1)
    @Max(100000)
    private Integer maxExamples = 1000;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public ZeroShotHeuristic getHeuristic() {
        return heuristic;
    }

    public void setHeuristic(ZeroShotHeuristic heuristic) {
        this.heuristic = heuristic;
    }

    public String getData() {
        return data;
    }

    public void setData(String data) {
        this.data = data;
    }

    public String getTrain() {
        return train;
    }

    public void setTrain(String train) {
        this.train = train;
    }

    public DataFormat getFormat() {
        return format;
    }

    public void setFormat(DataFormat format) {
        this.format = format;
    }

    public List<String> getLabels() {
        return labels;
    }

    public void setLabels(List<String> labels) {
        this.labels = labels;
    }

    public List<String> getLabelWords() {
        return labelWords;
    }

    public void setLabelWords(List<String> labelWords) {
        this.labelWords = labelWords;
    }

    public String getPrompt() {
        return prompt;
    }

    public void setPrompt(String prompt) {
        this.prompt = prompt;
    }

    public Integer getMaxExamples() {
        return maxExamples;
    }

    public void setMaxExamples(Integer maxExamples) {
        this.maxExamples = maxExamples;
    }
}
