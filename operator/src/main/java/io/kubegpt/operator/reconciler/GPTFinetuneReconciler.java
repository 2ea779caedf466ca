package io.kubegpt.operator.reconciler;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.operator.config.OperatorSettings;
import io.kubegpt.operator.status.JobMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a GPTFinetune into trainer workers and keeps its status, as {@link GPTPretrainReconciler} does for a
 * pre-train; in addition it watches the GPTPretrains that fine-tunes name as their base, so that a waiting fine-tune
 * is reconciled as soon as its base changes.
 */
@ControllerConfiguration(name = GPTFinetuneReconciler.NAME)
public class GPTFinetuneReconciler implements Reconciler<GPTFinetune> {

    public static final String NAME = "gptfinetune";

    /** Indexes the fine-tunes in the operator's cache by {@code <namespace>/<spec.base.pretrain>}. */
    static final String BASE_INDEX = "base-pretrain";

    private static final FinetuneKind KIND = new FinetuneKind();

    private final OperatorSettings settings;
    private final JobMetrics metrics;
    private final JobReconciliation<GPTFinetune> reconciliation;

    public GPTFinetuneReconciler(OperatorSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.metrics = new JobMetrics(registry, KIND.name());
        this.reconciliation = new JobReconciliation<>(KIND, settings, metrics);
    }

    @Override
    public List<EventSource<?, GPTFinetune>> prepareEventSources(EventSourceContext<GPTFinetune> context) {
        metrics.watch(context.getPrimaryCache());
        context.getPrimaryCache().addIndexer(BASE_INDEX, job -> basePretrain(job) == null ? List.of()
                : List.of(key(job.getMetadata().getNamespace(), basePretrain(job))));
        var bases = InformerEventSourceConfiguration.from(GPTPretrain.class, GPTFinetune.class)
                .withName("base-pretrains")
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(pretrain -> context.getPrimaryCache()
                        .byIndex(BASE_INDEX, key(pretrain.getMetadata().getNamespace(), pretrain.getMetadata().getName()))
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper((PrimaryToSecondaryMapper<GPTFinetune>) job -> basePretrain(job) == null
                        ? Set.of() : Set.of(new ResourceID(basePretrain(job), job.getMetadata().getNamespace())))
                .build();
        List<EventSource<?, GPTFinetune>> sources = new ArrayList<>(OwnedInformers.create(context, KIND.name(),
                settings));
        sources.add(new InformerEventSource<>(bases, context));
        return sources;
    }

    @Override
    public UpdateControl<GPTFinetune> reconcile(GPTFinetune job, Context<GPTFinetune> context) {
        return reconciliation.reconcile(job, context);
    }

    private static String basePretrain(GPTFinetune job) {
        return job.getSpec() == null || job.getSpec().getBase() == null ? null : job.getSpec().getBase().getPretrain();
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
