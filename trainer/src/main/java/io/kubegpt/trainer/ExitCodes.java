package io.kubegpt.trainer;

import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.trainer.distributed.RankFailure;

/** The exit code ({@link TrainerExitCodes}) each failure, or a run's end, ends the trainer with. */
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
        if (failure instanceof RankFailure rankFailure) {
            return rankFailure.exitCode();
        }
        return UNEXPECTED;
    }
}
