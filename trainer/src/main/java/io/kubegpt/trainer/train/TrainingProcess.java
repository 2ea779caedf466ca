package io.kubegpt.trainer.train;

import io.kubegpt.trainer.distributed.DistributedSettings;
import io.kubegpt.trainer.distributed.JobAttempt;
import io.kubegpt.trainer.distributed.RankGroup;
import io.kubegpt.trainer.stop.StopRequest;

/**
 * This process's part in a job: the ranks it trains with, the attempt of the job it belongs to (each checkpoint
 * records it), the stop request it answers, and the CPU threads it trains on ({@code NativeThreads.set}).
 */
public record TrainingProcess(RankGroup group, DistributedSettings settings, JobAttempt attempt, StopRequest stop,
                              int threads) {

    /** Training alone on 1 thread, outside any job, stopped by nothing: a run inside another program, such as a test. */
    public static TrainingProcess alone() {
        return alone(new JobAttempt("", 0), StopRequest.none());
    }

    /** Training alone on 1 thread as {@code attempt} of a job. */
    public static TrainingProcess alone(JobAttempt attempt, StopRequest stop) {
        return new TrainingProcess(RankGroup.single(), DistributedSettings.defaults(), attempt, stop, 1);
    }
}
