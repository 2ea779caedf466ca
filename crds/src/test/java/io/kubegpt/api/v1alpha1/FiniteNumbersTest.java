package io.kubegpt.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FiniteNumbersTest {

    @Test
    void nonFiniteNumbersAreClearedWhereverTheyAreAndTheRestIsKept() {
        GPTJobStatus status = new GPTJobStatus();
        Progress progress = new Progress();
        progress.setStep(43L);
        progress.setLoss(Double.NaN);
        progress.setLearningRate(2.5e-4);
        progress.setTokensPerSecond(Double.POSITIVE_INFINITY);
        status.setProgress(progress);
        Benchmark benchmark = new Benchmark();
        benchmark.setPerplexity(Double.NEGATIVE_INFINITY);
        benchmark.setValidationLoss(3.1);
        status.setBenchmark(benchmark);
        Checkpoints checkpoints = new Checkpoints();
        checkpoints.setKept(List.of(new CheckpointRecord(40, "/c/40", Double.NaN, "t"),
                new CheckpointRecord(20, "/c/20", 4.2, "t")));
        status.setCheckpoints(checkpoints);
        status.setMessage("NaN");

        assertThat(FiniteNumbers.clear(status)).isSameAs(status);

        assertThat(progress.getLoss()).isNull();
        assertThat(progress.getTokensPerSecond()).isNull();
        assertThat(progress.getLearningRate()).isEqualTo(2.5e-4);
        assertThat(progress.getStep()).isEqualTo(43L);
        assertThat(benchmark.getPerplexity()).isNull();
        assertThat(benchmark.getValidationLoss()).isEqualTo(3.1);
        assertThat(checkpoints.getKept()).extracting(CheckpointRecord::getLoss).containsExactly(null, 4.2);
        assertThat(status.getMessage()).isEqualTo("NaN");
        assertThat(FiniteNumbers.clear((GPTJobStatus) null)).isNull();
    }
}
