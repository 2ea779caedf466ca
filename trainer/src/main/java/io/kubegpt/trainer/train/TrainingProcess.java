package io.kubegpt.trainer.train;

import io.kubegpt.trainer.distributed.DistributedSettings;
import io.kubegpt.trainer.distributed.RankGroup;
import io.kubegpt.trainer.stop.StopRequest;

/** This process's part in a job: the ranks it trains with and the stop request it answers. */
public record TrainingProcess(RankGroup group, DistributedSettings settings, StopRequest stop) {

    /** Training alone, outside any job, stopped by nothing: a run inside another program, such as a test. */
    public static TrainingProcess alone() {
        return alone(StopRequest.none());
    }

    /** Training alone, stopped by {@code stop}. */
    public static TrainingProcess alone(StopRequest stop) {
        return new TrainingProcess(RankGroup.single(), DistributedSettings.defaults(), stop);
    }
}
