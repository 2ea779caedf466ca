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
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.kubegpt.operator.config.OperatorSettings;
import io.kubegpt.operator.dependent.DisruptionBudgetApi;
import io.kubegpt.operator.dependent.Ownership;
import io.kubegpt.operator.dependent.QueueWorkload;
import io.kubegpt.operator.dependent.TrainingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * One informer per type of owned object, restricted by label to the objects this operator made for one job kind, in
 * the namespaces the controller watches. An object finds its job by its controller owner reference (a job of this
 * kind); the checkpoint claim a job leaves behind, which has no owner, by the job label. Nothing else is cached or
 * maps to a job: anyone who may create ConfigMaps can copy the labels, and those objects must cost the operator no
 * memory. The observer then keeps only the objects whose owner has the job's UID. NetworkPolicies are watched only
 * when the settings turn them on, PodDisruptionBudgets in the one version the cluster serves, and Kueue Workloads
 * when the settings turn the Kueue integration on and the cluster serves them: an operator on a cluster without Kueue
 * starts all the same.
 */
public final class OwnedInformers {

    private static final Logger LOG = Logger.getLogger(OwnedInformers.class);
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
        List<EventSource<?, P>> sources = new ArrayList<>(types.stream()
                .<EventSource<?, P>>map(type -> informer(context, InformerEventSourceConfiguration.from(type,
                        context.getPrimaryResourceClass()), kind)).toList());
        if (settings.kueue()) {
            if (context.getClient().supports(QueueWorkload.API_VERSION, QueueWorkload.KIND)) {
                sources.add(informer(context, InformerEventSourceConfiguration.from(new GroupVersionKind(
                        QueueWorkload.API_VERSION, QueueWorkload.KIND), context.getPrimaryResourceClass()), kind));
            } else {
                LOG.warnf("the Kueue integration is on but the cluster does not serve %s %s: %s jobs labelled %s are "
                        + "refused", QueueWorkload.API_VERSION, QueueWorkload.KIND, kind, QueueWorkload.QUEUE_LABEL);
            }
        }
        return sources;
    }

    /** The PodDisruptionBudget version {@link #create} found served, so the one to create them in. */
    public static DisruptionBudgetApi disruptionBudgetApi(Context<?> context) {
        return context.eventSourceRetriever().getEventSourcesFor(DisruptionBudgetApi.V1.type()).isEmpty()
                ? DisruptionBudgetApi.V1BETA1 : DisruptionBudgetApi.V1;
    }

    private static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> informer(
            EventSourceContext<P> context, InformerEventSourceConfiguration.Builder<R> builder, String kind) {
        var configuration = builder
                .withLabelSelector(TrainingJob.MANAGED_BY_LABEL + "=" + TrainingJob.MANAGED_BY + ","
                        + TrainingJob.KIND_LABEL + "=" + kind)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(object -> job(object, kind).map(Set::of).orElse(Set.of()))
                .withItemStore(new JobObjectStore<R>(kind))
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    /** The job an object belongs to: its controlling job of {@code kind}, or for an unowned claim, its job label. */
    static Optional<ResourceID> job(HasMetadata object, String kind) {
        String namespace = object.getMetadata().getNamespace();
        Optional<ResourceID> owner = Ownership.controllingJob(object, kind)
                .map(reference -> new ResourceID(reference.getName(), namespace));
        if (owner.isPresent() || !(object instanceof PersistentVolumeClaim) || !Ownership.unowned(object)) {
            return owner;
        }
        Map<String, String> labels = object.getMetadata().getLabels();
        return Optional.ofNullable(labels == null ? null : labels.get(TrainingJob.JOB_LABEL))
                .map(name -> new ResourceID(name, namespace));
    }

    /** An informer cache that keeps only the objects that belong to a job ({@link #job}). */
    static final class JobObjectStore<R extends HasMetadata> implements ItemStore<R> {

        private final BasicItemStore<R> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
        private final String kind;

        JobObjectStore(String kind) {
            this.kind = kind;
        }

        @Override
        public R put(String key, R object) {
            return job(object, kind).isPresent() ? store.put(key, object) : store.remove(key);
        }

        @Override
        public String getKey(R object) {
            return store.getKey(object);
        }

        @Override
        public R remove(String key) {
            return store.remove(key);
        }

        @Override
        public Stream<String> keySet() {
            return store.keySet();
        }

        @Override
        public Stream<R> values() {
            return store.values();
        }

        @Override
        public int size() {
            return store.size();
        }

        @Override
        public R get(String key) {
            return store.get(key);
        }
    }
}
