package io.kubegpt.api.v1alpha1;

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

    private TrainerExitCodes() {
    }

    /** Whether restarting a job whose trainer failed with {@code code} can help. */
    public static boolean retryable(int code) {
        return code != INVALID_INPUT && code != DIVERGED;
    }
}
