package io.kubegpt.operator.observe;

/** What is known of the node of a pod stuck terminating, when it is not a healthy node. */
public enum NodeLoss {
    /** The Node object is gone: nothing runs there any more. */
    GONE,
    /** Tainted {@code node.kubernetes.io/out-of-service} by an administrator who made sure it runs nothing. */
    OUT_OF_SERVICE,
    /**
     * Not Ready: it may be partitioned rather than down, its pods still running and writing, so it is trusted to be
     * gone only long after the pod's grace period.
     */
    NOT_READY
}
