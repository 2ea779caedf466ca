package io.kubegpt.trainer.distributed;

import io.kubegpt.api.trainer.TrainerExitCodes;
import java.util.List;

/**
 * The group cannot go on: another rank died, hung, failed, or the ranks' parameters diverged. The message names
 * the ranks at fault; the CLI exits with {@link #EXIT_CODE}, which the operator may retry (the whole gang restarts
 * from the last checkpoint), or with the code of a peer's failure that no retry can help (invalid input,
 * divergence) or of a peer that stopped on request, which the peer left for the others, so the gang ends with the
 * cause whichever rank the operator sees first.
 */
public class RankFailure extends RuntimeException {

    public static final int EXIT_CODE = TrainerExitCodes.RANK_FAILED;

    private final List<Integer> ranks;
    private final int exitCode;

    public RankFailure(List<Integer> ranks, String message, Throwable cause) {
        this(ranks, message, cause, EXIT_CODE);
    }

    RankFailure(List<Integer> ranks, String message, Throwable cause, int exitCode) {
        super(message, cause);
        this.ranks = List.copyOf(ranks);
        this.exitCode = exitCode;
    }

    /** {@link #EXIT_CODE}, or the code of a failure a peer reported that no retry can help. */
    public int exitCode() {
        return exitCode;
    }

    /**
     * Of the codes peers reported, one that no retry can help; else {@code STOPPED} when a peer stopped on request
     * before training began (the gang is stopping, and nothing was trained to lose); else {@link #EXIT_CODE}.
     */
    static int forwarded(List<Integer> reportedCodes) {
        return reportedCodes.stream().filter(code -> !TrainerExitCodes.retryable(code)).findFirst()
                .orElse(reportedCodes.contains(TrainerExitCodes.STOPPED) ? TrainerExitCodes.STOPPED : EXIT_CODE);
    }

    /** The ranks at fault (empty when unknown). */
    public List<Integer> ranks() {
        return ranks;
    }
}
