package io.kubegpt.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.operator.config.OperatorSettings;
import io.kubegpt.operator.status.JobMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/** Turns a GPTPretrain into trainer workers and keeps its status. */
@ControllerConfiguration(name = GPTPretrainReconciler.NAME)
public class GPTPretrainReconciler implements Reconciler<GPTPretrain> {

    public static final String NAME = "gptpretrain";

    private static final PretrainKind KIND = new PretrainKind();

    private final OperatorSettings settings;
    private final JobMetrics metrics;
    private final JobReconciliation<GPTPretrain> reconciliation;

    public GPTPretrainReconciler(OperatorSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.metrics = new JobMetrics(registry, KIND.name());
        this.reconciliation = new JobReconciliation<>(KIND, settings, metrics);
    }

    @Override
    public List<EventSource<?, GPTPretrain>> prepareEventSources(EventSourceContext<GPTPretrain> context) {
        metrics.watch(context.getPrimaryCache());
        return OwnedInformers.create(context, KIND.name(), settings);
    }

    @Override
    public UpdateControl<GPTPretrain> reconcile(GPTPretrain job, Context<GPTPretrain> context) {
        return reconciliation.reconcile(job, context);
    }
}
