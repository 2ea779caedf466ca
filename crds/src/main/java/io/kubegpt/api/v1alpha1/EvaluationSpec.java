package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How often the held-out data is evaluated; results land in status.benchmark. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EvaluationSpec {

    @JsonPropertyDescription("Evaluate every this many optimizer steps (and always at the end).")
    @Min(1)
    private Long everySteps = 500L;

    @JsonPropertyDescription("Validation batches per evaluation.")
    @Min(1)
    @Max(100000)
    private Integer batches = 20;

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
}
