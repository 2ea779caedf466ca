package io.kubegpt.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.kubegpt.operator.config.OperatorSettings;
import io.kubegpt.operator.dependent.DisruptionBudgetApi;
import io.kubegpt.operator.dependent.TrainingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One informer per type of owned object, restricted by label to the objects this operator made for one job kind, in
 * the namespaces the controller watches. An object finds its job by the job label rather than its owner reference,
 * so the checkpoint claim, which the job does not own, is seen too. NetworkPolicies are watched only when the
 * settings turn them on, PodDisruptionBudgets in the one version the cluster serves.
 */
public final class OwnedInformers {

    private static final List<Class<? extends HasMetadata>> ALWAYS = List.of(ConfigMap.class, Service.class,
            Pod.class, ServiceAccount.class, Role.class, RoleBinding.class, PersistentVolumeClaim.class);

    /** Every type an owned object may have; a type not watched on this cluster reads as no objects. */
    public static final List<Class<? extends HasMetadata>> TYPES = Stream.concat(ALWAYS.stream(),
            Stream.of(NetworkPolicy.class, DisruptionBudgetApi.V1.type(), DisruptionBudgetApi.V1BETA1.type())).toList();

    private OwnedInformers() {
    }

    public static <P extends HasMetadata> List<EventSource<?, P>> create(EventSourceContext<P> context, String kind,
            OperatorSettings settings) {
        List<Class<? extends HasMetadata>> types = new ArrayList<>(ALWAYS);
        if (settings.networkPolicy()) {
            types.add(NetworkPolicy.class);
        }
        types.add(DisruptionBudgetApi.servedBy(context.getClient()).type());
        return types.stream().<EventSource<?, P>>map(type -> informer(context, type, kind)).toList();
    }

    /** The PodDisruptionBudget version {@link #create} found served, so the one to create them in. */
    public static DisruptionBudgetApi disruptionBudgetApi(Context<?> context) {
        return context.eventSourceRetriever().getEventSourcesFor(DisruptionBudgetApi.V1.type()).isEmpty()
                ? DisruptionBudgetApi.V1BETA1 : DisruptionBudgetApi.V1;
    }

    private static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> informer(
            EventSourceContext<P> context, Class<R> type, String kind) {
        var configuration = InformerEventSourceConfiguration.from(type, context.getPrimaryResourceClass())
                .withLabelSelector(TrainingJob.MANAGED_BY_LABEL + "=" + TrainingJob.MANAGED_BY + ","
                        + TrainingJob.KIND_LABEL + "=" + kind)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(object -> Set.of(new ResourceID(
                        object.getMetadata().getLabels().get(TrainingJob.JOB_LABEL),
                        object.getMetadata().getNamespace())))
                .build();
        return new InformerEventSource<>(configuration, context);
    }
}
