package io.kubegpt.operator.status;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.Phase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Prometheus metrics of one job kind: {@code kubegpt_reconciles_total}, {@code kubegpt_jobs} by phase (counted from
 * the operator's cache of the jobs, so deleted jobs drop out) and {@code kubegpt_restarts_total}.
 */
public final class JobMetrics {

    private final Counter reconciles;
    private final Counter restarts;
    private final MeterRegistry registry;
    private final String kind;

    public JobMetrics(MeterRegistry registry, String kind) {
        this.registry = registry;
        this.kind = kind;
        this.reconciles = Counter.builder("kubegpt.reconciles").tag("kind", kind)
                .description("Reconciles of training jobs").register(registry);
        this.restarts = Counter.builder("kubegpt.restarts").tag("kind", kind)
                .description("Gang restarts after a worker failed").register(registry);
    }

    /** Counts jobs by phase from the cache; jobs not yet given a phase count as Pending. */
    public void watch(IndexerResourceCache<? extends CustomResource<?, GPTJobStatus>> jobs) {
        for (Phase phase : Phase.values()) {
            Gauge.builder("kubegpt.jobs", jobs, cache -> cache.list()
                            .filter(job -> phaseOf(job) == phase).count())
                    .tag("kind", kind).tag("phase", phase.name())
                    .description("Training jobs by phase").register(registry);
        }
    }

    private static Phase phaseOf(CustomResource<?, GPTJobStatus> job) {
        return job.getStatus() == null || job.getStatus().getPhase() == null ? Phase.Pending : job.getStatus().getPhase();
    }

    public void reconciled() {
        reconciles.increment();
    }

    public void restarted() {
        restarts.increment();
    }
}
