package io.kubegpt.api.v1alpha1.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.api.v1alpha1.CheckpointVolumeSpec;
import io.kubegpt.api.v1alpha1.GPTFinetuneSpec;
import io.kubegpt.api.v1alpha1.GPTPretrainSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaConstraintsTest {

    @Test
    void theDefaultsSatisfyTheSchema() {
        assertThat(SchemaConstraints.validate(new GPTPretrainSpec())).isEmpty();
    }

    @Test
    void rangesFromTheAnnotationsAreChecked() {
        GPTPretrainSpec spec = new GPTPretrainSpec();
        spec.getModel().setHeads(0);
        spec.getModel().setDropout(1.0);
        spec.getWorkers().setReplicas(-1);
        spec.getTraining().setLearningRate(0.0);

        assertThat(SchemaConstraints.validate(spec)).extracting(FieldError::toString).containsExactlyInAnyOrder(
                "spec.model.heads: Invalid value: 0: should be greater than or equal to 1",
                "spec.model.dropout: Invalid value: 1.0: should be less than 1",
                "spec.workers.replicas: Invalid value: -1: should be greater than or equal to 1",
                "spec.training.learningRate: Invalid value: 0.0: should be greater than 0");
    }

    @Test
    void patternsOfNestedOptionalSectionsAreChecked() {
        GPTPretrainSpec spec = new GPTPretrainSpec();
        spec.getData().setUrl("ftp://example.org/corpus.txt");
        spec.getCheckpoint().setVolume(new CheckpointVolumeSpec());
        spec.getCheckpoint().getVolume().setSize("lots");

        assertThat(SchemaConstraints.validate(spec)).extracting(FieldError::field)
                .containsExactlyInAnyOrder("spec.data.url", "spec.checkpoint.volume.size");
    }

    @Test
    void requiredFieldsAreReported() {
        assertThat(SchemaConstraints.validate(new GPTFinetuneSpec())).extracting(FieldError::toString)
                .containsExactlyInAnyOrder("spec.base: Required value", "spec.task: Required value",
                        "spec.data: Required value");
    }

    @Test
    void listSizesAreChecked() {
        GPTFinetuneSpec spec = new GPTFinetuneSpec();
        spec.setTask(new io.kubegpt.api.v1alpha1.TaskSpec());
        spec.getTask().setLabels(List.of("only"));

        assertThat(SchemaConstraints.validate(spec)).extracting(FieldError::field)
                .contains("spec.task.type", "spec.task.labels");
    }
}
