package io.kubegpt.api.trainer;

/** How a trainer process ends, which the operator acts on: the one definition both sides use. */
public final class TrainerExitCodes {

    /** Invalid spec or input (the message names the field): no retry can fix it. */
    public static final int INVALID_INPUT = 2;
    /** Another data-parallel rank failed or hung, or the ranks diverged from each other: the gang restarts. */
    public static final int RANK_FAILED = 3;
    /** A transient failure persisted, such as a corpus server answering 5xx: retrying later may help. */
    public static final int TRANSIENT = 4;
    /** Training diverged (a gradient that is not a finite number): a retry would diverge again. */
    public static final int DIVERGED = 5;
    /**
     * Stopped on request (SIGTERM: a suspend, a preemption, a drain) after the ranks agreed a step and rank 0 saved
     * its checkpoint: resuming loses nothing, and it is no failure.
     */
    public static final int STOPPED = 6;
    /**
     * The trainer ran out of memory (the Java heap, a share of the container's memory limit, or the native memory
     * its arrays live in): a restart runs into the same limit unless the memory limit is raised or the batch made
     * smaller, so it counts against the backoff limit as the rank's own failure.
     */
    public static final int OUT_OF_MEMORY = 7;

    private TrainerExitCodes() {
    }

    /** Whether restarting a job whose trainer failed with {@code code} can help. */
    public static boolean retryable(int code) {
        return code != INVALID_INPUT && code != DIVERGED;
    }

    /** What the code means, for a message after it; empty for a code the trainer does not define. */
    public static String meaning(int code) {
        return switch (code) {
            case INVALID_INPUT -> "invalid input";
            case RANK_FAILED -> "another rank failed";
            case TRANSIENT -> "a transient failure persisted";
            case DIVERGED -> "training diverged";
            case STOPPED -> "stopped on request after a checkpoint";
            case OUT_OF_MEMORY -> "the trainer ran out of memory: raise spec.workers.resources.limits.memory or "
                    + "lower spec.training.batchSize";
            default -> code > 128 && code < 160 ? "killed by signal " + (code - 128) : "";
        };
    }
}
