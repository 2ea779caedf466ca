package io.kubegpt.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.junit.jupiter.api.Test;

/** What kubectl explain says a reported number is, where it is easily misread. */
class MetricDescriptionsTest {

    @Test
    void perplexityIsOurTokenizersOnTheHeldOutSplitNotThePapers() throws NoSuchFieldException {
        assertThat(description(Benchmark.class, "perplexity"))
                .contains("byte-level BPE", "held-out split", "exp of the mean validation loss per token",
                        "Not comparable to GPT-1's 18.4 on BooksCorpus");
    }

    @Test
    void evaluationBatchesSayHowManyWindowsTheLossAverages() throws NoSuchFieldException {
        assertThat(description(EvaluationSpec.class, "batches"))
                .contains("mean over these batches x batchSize / gradientAccumulation windows");
    }

    private static String description(Class<?> type, String field) throws NoSuchFieldException {
        JsonPropertyDescription description = type.getDeclaredField(field).getAnnotation(JsonPropertyDescription.class);
        assertThat(description).as(type.getSimpleName() + "." + field + " has a description").isNotNull();
        return description.value();
    }
}
