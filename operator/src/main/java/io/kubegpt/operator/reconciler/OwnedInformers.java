package io.kubegpt.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.kubegpt.operator.dependent.TrainingJob;
import java.util.List;
import java.util.Set;

/**
 * One informer per type of owned object, restricted by label to the objects this operator made for one job kind, in
 * the namespaces the controller watches. An object finds its job by the job label rather than its owner reference,
 * so the checkpoint claim, which the job does not own, is seen too.
 */
public final class OwnedInformers {

    public static final List<Class<? extends HasMetadata>> TYPES = List.of(ConfigMap.class, Service.class, Pod.class,
            ServiceAccount.class, Role.class, RoleBinding.class, PersistentVolumeClaim.class);

    private OwnedInformers() {
    }

    public static <P extends HasMetadata> List<EventSource<?, P>> create(EventSourceContext<P> context, String kind) {
        return TYPES.stream().<EventSource<?, P>>map(type -> informer(context, type, kind)).toList();
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
