package io.kubegpt.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.api.v1alpha1.validation.FieldError;
import io.kubegpt.operator.dependent.TrainingJob;
import io.kubegpt.operator.reconciler.PretrainKind;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.TestSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job's name, for a CRD installed without the schema's rule on metadata.name; no claims, so no API calls. */
class JobValidatorTest {

    @Test
    void aNameTooLongForTheWorkersHostNamesIsRejectedWithTheLimit() {
        List<FieldError> errors = validate("j" + "0".repeat(51));

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("metadata.name");
            assertThat(error.message()).contains("52 characters").contains("at most 51");
        });
    }

    @Test
    void aNameStartingWithADigitIsRejected() {
        assertThat(validate("7-up")).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("metadata.name");
            assertThat(error.message()).contains("DNS-1035");
        });
    }

    @Test
    void theLongestNameIsAccepted() {
        assertThat(validate("j" + "0".repeat(50))).isEmpty();
    }

    private static List<FieldError> validate(String name) {
        TrainingJob job = new PretrainKind().view(Jobs.tiny(name), TestSettings.DEFAULT);
        return JobValidator.validate(job, List.of(), null);
    }
}
