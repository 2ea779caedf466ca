package io.kubegpt.operator.status;

/** The condition types a job's status carries and the reasons they give. */
public final class Conditions {

    /** True once the trainer finished every step. */
    public static final String COMPLETE = "Complete";
    /** True when the job stopped for good; the reason says why. */
    public static final String FAILED = "Failed";
    /** True while the workers run. */
    public static final String WORKERS_READY = "WorkersReady";
    /** True once the preparation pod built the tokenizer and token files. */
    public static final String PREPARED = "Prepared";
    public static final String SUSPENDED = "Suspended";
    /** True while the gang waits to be restarted after a failure. */
    public static final String RESTARTING = "Restarting";
    /** True while the spec holds changes that a started job does not apply. */
    public static final String SPEC_CHANGE_IGNORED = "SpecChangeIgnored";
    /** True while a fine-tune waits for its base GPTPretrain to have the checkpoint it starts from. */
    public static final String WAITING_FOR_BASE = "WaitingForBase";
    /** True while the API server refuses to create one of the job's objects; the message has its answer. */
    public static final String CREATION_REFUSED = "CreationRefused";

    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String INVALID_INPUT = "InvalidInput";
    public static final String DIVERGED = "Diverged";
    public static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
    public static final String DISRUPTION_LIMIT_EXCEEDED = "DisruptionLimitExceeded";
    public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
    public static final String WORKER_FAILED = "WorkerFailed";
    public static final String PREPARATION_FAILED = "PreparationFailed";
    /** A pod was preempted, evicted, drained, lost with its node, or stopped on request: not counted. */
    public static final String DISRUPTED = "Disrupted";
    /** The pods did not all run within spec.startTimeoutSeconds. */
    public static final String START_TIMEOUT = "StartTimeout";
    /** A pod waits for something no wait brings, such as an invalid image name. */
    public static final String START_FAILED = "StartFailed";
    /** An object of the job's name exists and belongs to something else. */
    public static final String NAME_CONFLICT = "NameConflict";

    private Conditions() {
    }
}
