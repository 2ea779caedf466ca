package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Supervised fine-tuning of a pre-trained model; every default is the GPT-1 paper's. */
public class GPTFinetuneSpec extends GPTJobSpec {

    @JsonPropertyDescription("The pre-trained model to start from.")
    @Required
    private BaseModelSpec base;

    @JsonPropertyDescription("The supervised task.")
    @Required
    private TaskSpec task;

    @JsonPropertyDescription("Labelled data.")
    @Required
    private FinetuneDataSpec data;

    @JsonPropertyDescription("Optimisation.")
    private FinetuneTrainingSpec training = new FinetuneTrainingSpec();

    public BaseModelSpec getBase() {
        return base;
    }

    public void setBase(BaseModelSpec base) {
        this.base = base;
    }

    public TaskSpec getTask() {
        return task;
    }

    public void setTask(TaskSpec task) {
        this.task = task;
    }

    public FinetuneDataSpec getData() {
        return data;
    }

    public void setData(FinetuneDataSpec data) {
        this.data = data;
    }

    @Override
    public FinetuneTrainingSpec getTraining() {
        return training;
    }

    public void setTraining(FinetuneTrainingSpec training) {
        this.training = training;
    }
}
