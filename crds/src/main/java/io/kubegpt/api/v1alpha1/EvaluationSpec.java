package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** How often the held-out data is evaluated; results land in status.benchmark. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EvaluationSpec {

    @JsonPropertyDescription("Evaluate every this many optimizer steps (and always at the end).")
    @Min(1)
    private Long everySteps = 500L;

    @JsonPropertyDescription("Pre-training: validation batches per evaluation, each of batchSize / "
            + "gradientAccumulation windows of context + 1 tokens, back to back from the start of the held-out split; "
            + "the validation loss is the mean over these batches x batchSize / gradientAccumulation windows (over "
            + "the whole batches the split holds, if fewer). Fine-tuning scores the whole evaluation file instead.")
    @Min(1)
    @Max(100000)
    private Integer batches = 20;

    @JsonPropertyDescription("Pre-training: tasks scored by the language model alone at each evaluation, with the "
            + "GPT-1 paper's zero-shot heuristics; their accuracies go to status.benchmark.zeroShot, summary.json and "
            + "zero-shot.png beside the loss curve.")
    @Size(max = 20)
    private List<ZeroShotTaskSpec> zeroShot;

    public Long getEverySteps() {
        return everySteps;
    }

    public void setEverySteps(Long everySteps) {
        this.everySteps = everySteps;
    }

    public Integer getBatches() {
        return batches;
    }

    public void setBatches(Integer batches) {
        this.batches = batches;
    }

    public List<ZeroShotTaskSpec> getZeroShot() {
        return zeroShot;
    }

    public void setZeroShot(List<ZeroShotTaskSpec> zeroShot) {
        this.zeroShot = zeroShot;
    }
}
