package io.kubegpt.trainer.data;

import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBackoffTest {

    private static final RetryBackoff BACKOFF = new RetryBackoff(8, Duration.ofSeconds(1), Duration.ofSeconds(60),
            Duration.ofMinutes(5));

    @RepeatedTest(20)
    void theWaitDoublesUpToTheCapLessUpToHalfOfItAtRandom() {
        assertThat(BACKOFF.delay(1, null)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(BACKOFF.delay(3, null)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(BACKOFF.delay(7, null)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
        assertThat(BACKOFF.delay(1000, null)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    @RepeatedTest(20)
    void retryAfterLengthensTheWaitUpToItsCapButNeverShortensIt() {
        assertThat(BACKOFF.delay(1, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThat(BACKOFF.delay(1, Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(5));
        assertThat(BACKOFF.delay(7, Duration.ZERO)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }
}
