package io.kubegpt.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.api.trainer.TrainerEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The out-of-memory line names the rank, what ran out (the error's text), the heap and what to raise. */
class OutOfMemoryReportTest {

    @Test
    void theLineCarriesTheErrorsTextOrSaysOutOfMemoryWithoutOne() {
        OutOfMemoryReport rank = OutOfMemoryReport.of(Map.of(TrainerEnvironment.RANK, " 2 "), 512L << 20);
        assertThat(rank.message(new OutOfMemoryError("Direct buffer memory"))).isEqualTo("error: rank 2 ran out of "
                + "memory (Direct buffer memory) with a maximum Java heap of 512 MiB: raise "
                + "spec.workers.resources.limits.memory (the heap is a share of it) or lower spec.training.batchSize");
        assertThat(OutOfMemoryReport.of(Map.of(), 64L << 20).message(new OutOfMemoryError()))
                .startsWith("error: the trainer ran out of memory (out of memory) with a maximum Java heap of 64 MiB");
    }
}
