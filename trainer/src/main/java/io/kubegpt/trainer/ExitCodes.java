package io.kubegpt.trainer;

import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.Phase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The exit codes the trainer ends with, in one place: which failure, or which end of a run, gives which code, and
 * what each code means. The values are {@link TrainerExitCodes}, which the operator acts on.
 */
public final class ExitCodes {

    /** Anything unexpected: may be retried. */
    public static final int UNEXPECTED = 1;

    private ExitCodes() {
    }

    /** 0 for a run that ended with {@code status}, or {@code STOPPED} when it stopped on request. */
    public static int of(GPTJobStatus status) {
        return status.getPhase() == Phase.Suspended ? TrainerExitCodes.STOPPED : 0;
    }

    public static int of(Throwable failure) {
        if (failure instanceof InvalidInputException || failure instanceof UnsupportedGpuException) {
            return TrainerExitCodes.INVALID_INPUT;
        }
        if (failure instanceof TrainingDivergedException) {
            return TrainerExitCodes.DIVERGED;
        }
        if (failure instanceof TransientFailureException) {
            return TrainerExitCodes.TRANSIENT;
        }
        if (outOfMemory(failure).isPresent()) {
            return TrainerExitCodes.OUT_OF_MEMORY;
        }
        if (failure instanceof RankFailure rankFailure) {
            return rankFailure.exitCode();
        }
        return UNEXPECTED;
    }

    /** The out-of-memory error that caused {@code failure}, perhaps on another thread (an executor's task). */
    public static Optional<OutOfMemoryError> outOfMemory(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError error) {
                return Optional.of(error);
            }
        }
        return Optional.empty();
    }

    /** Each code (or codes) and what it means, for the command line's help. */
    public static Map<String, String> meanings() {
        Map<String, String> meanings = new LinkedHashMap<>();
        meanings.put("0", "done");
        meanings.put(code(TrainerExitCodes.INVALID_INPUT), "invalid spec or input (retrying cannot help)");
        meanings.put(code(TrainerExitCodes.RANK_FAILED), "another data-parallel rank failed or hung, or the ranks "
                + "diverged (the message names the rank; restart all ranks with --resume)");
        meanings.put(code(TrainerExitCodes.TRANSIENT), "a transient failure persisted, such as a corpus server that "
                + "kept answering 5xx or 429 or dropping the connection (retrying the job later may help)");
        meanings.put(code(TrainerExitCodes.DIVERGED), "training diverged: a gradient was not a finite number; the last "
                + "checkpoint is intact (retrying repeats it)");
        meanings.put(code(TrainerExitCodes.STOPPED), "stopped on request (SIGTERM or SIGINT; a second one exits at "
                + "once) after the ranks agreed on a step and rank 0 wrote its checkpoint, or before training began: "
                + "resuming loses nothing");
        meanings.put(code(TrainerExitCodes.OUT_OF_MEMORY), "out of memory, Java heap or native: the message names the "
                + "rank and the maximum heap (raise the memory limit, which the heap is a share of, or lower the "
                + "batch size; retrying as it is runs out again)");
        meanings.put("130, 143", "ended at once by a second SIGINT or SIGTERM");
        meanings.put(code(UNEXPECTED), "unexpected error, or a native library that cannot be loaded (the message "
                + "names it; may be retried)");
        return meanings;
    }

    private static String code(int code) {
        return Integer.toString(code);
    }
}
