package io.kubegpt.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.api.v1alpha1.Benchmark;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.api.v1alpha1.Progress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobStatusUpdateTest {

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void aPhaseChangeIsOneTransitionAndFinishingSetsTheCompletionTime() {
        JobStatusUpdate update = new JobStatusUpdate(null, 1, T0);

        update.moveTo(Phase.Pending, "WorkersStarting", "0 of 1");
        update.moveTo(Phase.Pending, "WorkersStarting", "0 of 1");
        update.moveTo(Phase.Failed, "InvalidInput", "bad");

        assertThat(update.transitions()).extracting(JobStatusUpdate.Transition::to)
                .containsExactly(Phase.Pending, Phase.Failed);
        assertThat(update.status().getCompletionTime()).isEqualTo(T0.toString());
        assertThat(update.status().getObservedGeneration()).isEqualTo(1L);
    }

    @Test
    void aConditionKeepsItsTransitionTimeWhileItsStatusHolds() {
        JobStatusUpdate first = new JobStatusUpdate(null, 1, T0);
        first.condition(Conditions.WORKERS_READY, true, "WorkersRunning", "1 worker");

        JobStatusUpdate later = new JobStatusUpdate(first.status(), 1, T0.plusSeconds(60));
        later.condition(Conditions.WORKERS_READY, true, "WorkersRunning", "1 worker");
        assertThat(later.trueSince(Conditions.WORKERS_READY)).contains(T0);
        assertThat(later.changed()).isFalse();

        later.condition(Conditions.WORKERS_READY, false, "WorkerFailed", "gone");
        assertThat(later.status().getConditions().get(0).getLastTransitionTime()).isEqualTo(T0.plusSeconds(60).toString());
        assertThat(later.changed()).isTrue();
    }

    @Test
    void aReportReplacesWhatItHoldsAndKeepsTheRest() {
        GPTJobStatus current = new GPTJobStatus();
        current.setBenchmark(new Benchmark());
        current.getBenchmark().setPerplexity(12.0);
        GPTJobStatus report = new GPTJobStatus();
        report.setProgress(new Progress());
        report.getProgress().setStep(7L);

        JobStatusUpdate update = new JobStatusUpdate(current, 1, T0);
        update.fold(report);

        assertThat(update.status().getProgress().getStep()).isEqualTo(7L);
        assertThat(update.status().getBenchmark().getPerplexity()).isEqualTo(12.0);
    }
}
