package io.kubegpt.trainer;

import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.trainer.distributed.RankFailure;

/** The exit code ({@link TrainerExitCodes}) each failure ends the trainer with. */
public final class ExitCodes {

    /** Anything unexpected: may be retried. */
    public static final int UNEXPECTED = 1;

    private ExitCodes() {
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
        if (failure instanceof RankFailure rankFailure) {
            return rankFailure.exitCode();
        }
        return UNEXPECTED;
    }
}
