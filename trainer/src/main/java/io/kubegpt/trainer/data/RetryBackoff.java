package io.kubegpt.trainer.data;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often, and after how long a wait, a transient failure is retried: {@code attempts} in all, the wait doubling
 * from {@code firstDelay} up to {@code maxDelay}. Each wait is shortened by a random part of up to half, so jobs
 * that failed together do not retry together; a server's {@code Retry-After}, up to {@code maxRetryAfter}, makes
 * the wait longer, never shorter.
 */
record RetryBackoff(int attempts, Duration firstDelay, Duration maxDelay, Duration maxRetryAfter) {

    /** Eight attempts over about two minutes. */
    static final RetryBackoff DEFAULT = new RetryBackoff(8, Duration.ofSeconds(1), Duration.ofMinutes(1),
            Duration.ofMinutes(5));

    /**
     * The wait after the {@code failures}-th failed attempt.
     *
     * @param retryAfter the wait the server asked for, or null
     */
    Duration delay(int failures, Duration retryAfter) {
        double doubled = firstDelay.toNanos() * Math.pow(2, failures - 1);
        long full = (long) Math.min(doubled, maxDelay.toNanos());
        long jittered = full - (long) (ThreadLocalRandom.current().nextDouble() * full / 2);
        Duration delay = Duration.ofNanos(jittered);
        if (retryAfter == null) {
            return delay;
        }
        Duration asked = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        return asked.compareTo(delay) > 0 ? asked : delay;
    }
}
