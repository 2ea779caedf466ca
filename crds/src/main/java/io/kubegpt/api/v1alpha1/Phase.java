package io.kubegpt.api.v1alpha1;

/** Where a training job is in its life. */
public enum Phase {
    /** Accepted; waiting for its base model, its volume or its pods. */
    Pending,
    /** Waiting for Kueue to admit the job's Workload, first or after an eviction; no pods run. */
    Queued,
    /** Tokenizer and token shards are being prepared. */
    Preparing,
    Running,
    Succeeded,
    Failed,
    /** Pods deleted on request; checkpoints kept. */
    Suspended,
    /** The gang of workers is being recreated from the latest checkpoint after a failure. */
    Restarting;

    public boolean isFinished() {
        return this == Succeeded || this == Failed;
    }
}
