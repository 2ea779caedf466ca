package io.kubegpt.trainer;

import io.kubegpt.api.trainer.TrainerExitCodes;
import java.util.List;

/**
 * The data-parallel group cannot go on: another rank died, hung, failed, or the ranks' parameters diverged. The
 * message names the ranks at fault. The process ends with {@link #EXIT_CODE}, which the operator may retry (the
 * whole gang restarts from the last checkpoint), or with the code of a peer's failure that no retry can help
 * (invalid input, divergence) or of a peer that stopped on request, which the peer left for the others, so the gang
 * ends with the cause whichever rank the operator sees first.
 */
public class RankFailure extends RuntimeException {

    public static final int EXIT_CODE = TrainerExitCodes.RANK_FAILED;

    private final List<Integer> ranks;
    private final int exitCode;

    public RankFailure(List<Integer> ranks, String message, Throwable cause) {
        this(ranks, message, cause, EXIT_CODE);
    }

    private RankFailure(List<Integer> ranks, String message, Throwable cause, int exitCode) {
        super(message, cause);
        this.ranks = List.copyOf(ranks);
        this.exitCode = exitCode;
    }

    /**
     * The failure of peers that reported their own exit codes: it ends with one of those that no retry can help;
     * else {@code STOPPED} when a peer stopped on request before training began (the gang is stopping, and nothing
     * was trained to lose); else {@link #EXIT_CODE}.
     */
    public static RankFailure reported(List<Integer> ranks, String message, Throwable cause,
                                       List<Integer> reportedCodes) {
        int exitCode = reportedCodes.stream().filter(code -> !TrainerExitCodes.retryable(code)).findFirst()
                .orElse(reportedCodes.contains(TrainerExitCodes.STOPPED) ? TrainerExitCodes.STOPPED : EXIT_CODE);
        return new RankFailure(ranks, message, cause, exitCode);
    }

    /** {@link #EXIT_CODE}, or the code of a failure a peer reported. */
    public int exitCode() {
        return exitCode;
    }

    /** The ranks at fault (empty when unknown). */
    public List<Integer> ranks() {
        return ranks;
    }
}
