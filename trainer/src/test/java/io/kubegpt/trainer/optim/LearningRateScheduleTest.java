package io.kubegpt.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void warmupThenCosineToZero() {
        LearningRateSchedule schedule = LearningRateSchedule.warmupCosine(2.5e-4, 2000, 102_000);
        assertThat(schedule.valueAt(0)).isCloseTo(2.5e-4 / 2000, within(1e-15));
        assertThat(schedule.valueAt(999)).isCloseTo(1.25e-4, within(1e-15));
        assertThat(schedule.valueAt(1999)).isEqualTo(2.5e-4);
        assertThat(schedule.valueAt(2000)).isEqualTo(2.5e-4);
        assertThat(schedule.valueAt(52_000)).isCloseTo(1.25e-4, within(1e-15));
        assertThat(schedule.valueAt(102_000)).isCloseTo(0, within(1e-15));
        assertThat(schedule.valueAt(200_000)).isCloseTo(0, within(1e-15));
        assertThat(schedule.valueAt(27_000, 3)).isCloseTo(2.5e-4 * 0.5 * (1 + Math.cos(Math.PI / 4)), within(1e-15));
    }

    @Test
    void warmupThenLinearToZero() {
        LearningRateSchedule schedule = LearningRateSchedule.warmupLinear(6.25e-5, 10, 110);
        assertThat(schedule.valueAt(4)).isCloseTo(6.25e-5 / 2, within(1e-15));
        assertThat(schedule.valueAt(10)).isEqualTo(6.25e-5);
        assertThat(schedule.valueAt(60)).isCloseTo(6.25e-5 / 2, within(1e-15));
        assertThat(schedule.valueAt(110)).isZero();
    }

    @Test
    void constant() {
        LearningRateSchedule schedule = LearningRateSchedule.constant(1e-3);
        assertThat(schedule.valueAt(0)).isEqualTo(1e-3);
        assertThat(schedule.valueAt(1_000_000)).isEqualTo(1e-3);
    }
}
