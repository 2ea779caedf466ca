package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The latest zero-shot score of one task of spec.evaluation.zeroShot. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ZeroShotScore {

    private String name;
    private ZeroShotHeuristic heuristic;
    @JsonPropertyDescription("Accuracy in [0, 1] over the scored rows.")
    private Double accuracy;
    @JsonPropertyDescription("The accuracy of guessing: 1 / the number of labels or answers.")
    private Double chance;
    private Long examples;
    @JsonPropertyDescription("The optimizer step of the checkpoint or evaluation that was scored.")
    private Long step;
    @JsonPropertyDescription("acceptability: the mean token log-probability at or above which a text is acceptable.")
    private Double threshold;

    public ZeroShotScore() {
    }

    public ZeroShotScore(String name, ZeroShotHeuristic heuristic, double accuracy, double chance, long examples,
                         long step) {
        this.name = name;
        this.heuristic = heuristic;
        this.accuracy = accuracy;
        this.chance = chance;
        this.examples = examples;
        this.step = step;
    }

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

    public Double getAccuracy() {
        return accuracy;
    }

    public void setAccuracy(Double accuracy) {
        this.accuracy = accuracy;
    }

    public Double getChance() {
        return chance;
    }

    public void setChance(Double chance) {
        this.chance = chance;
    }

    public Long getExamples() {
        return examples;
    }

    public void setExamples(Long examples) {
        this.examples = examples;
    }

    public Long getStep() {
        return step;
    }

    public void setStep(Long step) {
        this.step = step;
    }

    public Double getThreshold() {
        return threshold;
    }

    public void setThreshold(Double threshold) {
        this.threshold = threshold;
    }
}
