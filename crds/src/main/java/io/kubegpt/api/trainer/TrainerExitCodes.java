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
            default -> code > 128 && code < 160 ? "killed by signal " + (code - 128) : "";
        };
    }
}
