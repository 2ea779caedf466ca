package io.kubegpt.trainer.distributed;

import java.util.List;

/**
 * The group cannot go on: another rank died, hung, failed, or the ranks' parameters diverged. The message names
 * the ranks at fault; the CLI exits with {@link #EXIT_CODE}, which the operator may retry (the whole gang restarts
 * from the last checkpoint).
 */
public class RankFailure extends RuntimeException {

    public static final int EXIT_CODE = io.kubegpt.api.v1alpha1.TrainerExitCodes.RANK_FAILED;

    private final List<Integer> ranks;

    public RankFailure(List<Integer> ranks, String message, Throwable cause) {
        super(message, cause);
        this.ranks = List.copyOf(ranks);
    }

    /** The ranks at fault (empty when unknown). */
    public List<Integer> ranks() {
        return ranks;
    }
}
