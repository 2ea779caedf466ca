package io.kubegpt.trainer.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.LearningRateSchedule;
import io.kubegpt.trainer.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsTheExampleWithDefaultsForWhatItOmits() {
        GPTPretrain job = SpecReader.pretrain(Path.of("../examples/pretrain-tiny-cpu.yaml"), List.of());

        assertThat(job.getMetadata().getName()).isEqualTo("tiny");
        assertThat(job.getSpec().getModel().getLayers()).isEqualTo(2);
        assertThat(job.getSpec().getTraining().getSchedule()).isEqualTo(LearningRateSchedule.COSINE);
        assertThat(job.getSpec().getTraining().getBeta2()).isEqualTo(0.999);
    }

    /** GPT-1's fine-tuning clips the gradient to norm 1.0; its pre-training does not (as OpenAI's code). */
    @Test
    void fineTuningClipsTheGradientToNormOneByDefaultAndPreTrainingDoesNot() {
        GPTFinetune finetune = SpecReader.finetune(Path.of("../examples/finetune-classification.yaml"), List.of());
        GPTPretrain pretrain = SpecReader.pretrain(Path.of("../examples/pretrain-tiny-cpu.yaml"), List.of());

        assertThat(TrainingSettings.optimizer(finetune.getSpec().getTraining(), 1, 10).clipNorm()).isEqualTo(1.0);
        assertThat(TrainingSettings.optimizer(pretrain.getSpec().getTraining(), 1, 10).clipNorm()).isZero();
        GPTFinetune unclipped = SpecReader.finetune(Path.of("../examples/finetune-classification.yaml"),
                List.of("training.gradientClip=0"));
        assertThat(TrainingSettings.optimizer(unclipped.getSpec().getTraining(), 1, 10).clipNorm()).isZero();
    }

    @Test
    void overridesSetNestedValuesWithOrWithoutTheSpecPrefix() throws IOException {
        Path file = write("apiVersion: kubegpt.io/v1alpha1\nkind: GPTPretrain\nmetadata: {name: x}\n");

        GPTPretrain job = SpecReader.pretrain(file, List.of("training.steps=100", "spec.model.layers=3",
                "training.warmupSteps=10", "training.schedule=linear"));

        assertThat(job.getSpec().getTraining().getSteps()).isEqualTo(100L);
        assertThat(job.getSpec().getModel().getLayers()).isEqualTo(3);
        assertThat(job.getSpec().getTraining().getSchedule()).isEqualTo(LearningRateSchedule.LINEAR);
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> SpecReader.pretrain(dir.resolve("nope.yaml"), List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage()).contains("nope.yaml"));
    }

    @Test
    void badYamlIsReported() throws IOException {
        Path file = write("kind: GPTPretrain\nspec: [unclosed\n");

        assertThatThrownBy(() -> SpecReader.pretrain(file, List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage()).contains("not valid YAML"));
    }

    @Test
    void theWrongKindIsRefused() throws IOException {
        Path file = write("kind: GPTFinetune\n");

        assertThatThrownBy(() -> SpecReader.pretrain(file, List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("kind"));
    }

    @Test
    void unknownFieldsAndWrongTypesNameTheField() throws IOException {
        Path typo = write("kind: GPTPretrain\nspec:\n  model:\n    layer: 3\n");
        Path wrongType = write("kind: GPTPretrain\nspec:\n  model:\n    layers: twelve\n");

        assertThatThrownBy(() -> SpecReader.pretrain(typo, List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("spec.model.layer");
                    assertThat(e.getMessage()).contains("unknown field").contains("layers");
                });
        assertThatThrownBy(() -> SpecReader.pretrain(wrongType, List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("spec.model.layers");
                    assertThat(e.getMessage()).contains("twelve").contains("integer");
                });
    }

    @Test
    void rangesAndCrossFieldRulesNameTheField() throws IOException {
        Path file = write("kind: GPTPretrain\n");

        assertThatThrownBy(() -> SpecReader.pretrain(file, List.of("model.heads=0")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("spec.model.heads");
                    assertThat(e.getMessage()).contains("greater than or equal to 1");
                });
        assertThatThrownBy(() -> SpecReader.pretrain(file, List.of("model.heads=10")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("spec.model.dModel");
                    assertThat(e.getMessage()).contains("not divisible");
                });
    }

    @Test
    void aMalformedOverrideIsRefused() throws IOException {
        Path file = write("kind: GPTPretrain\n");

        assertThatThrownBy(() -> SpecReader.pretrain(file, List.of("training.steps")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("--set"));
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "job", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
