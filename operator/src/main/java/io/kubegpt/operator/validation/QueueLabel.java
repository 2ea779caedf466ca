package io.kubegpt.operator.validation;

import io.kubegpt.api.v1alpha1.validation.FieldError;
import java.util.List;

/**
 * A job that asks for a Kueue queue runs only through it: with the operator's Kueue integration off, or on a cluster
 * without Kueue's Workload API, it is refused rather than run outside the quota the queue stands for.
 */
public final class QueueLabel {

    public static final String FIELD = "metadata.labels[kueue.x-k8s.io/queue-name]";

    private QueueLabel() {
    }

    /**
     * @param queue the job's queue label; null when it has none
     * @param kueue whether the operator's Kueue integration is on
     * @param served whether the cluster serves Kueue's Workload API, so the operator watches Workloads
     */
    public static List<FieldError> validate(String queue, boolean kueue, boolean served) {
        if (queue == null) {
            return List.of();
        }
        if (!kueue) {
            return List.of(new FieldError(FIELD, "the job asks for Kueue queue " + queue + " but the operator's Kueue "
                    + "integration is off (chart value kueue.enabled): it would run outside the queue's quota; turn "
                    + "the integration on, or remove the label"));
        }
        if (!served) {
            return List.of(new FieldError(FIELD, "the job asks for Kueue queue " + queue + " but the cluster does not "
                    + "serve Kueue's Workload API (kueue.x-k8s.io/v1beta2): install Kueue and restart the operator, "
                    + "or remove the label"));
        }
        return List.of();
    }
}
