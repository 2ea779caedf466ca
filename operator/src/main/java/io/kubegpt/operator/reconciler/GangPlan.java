package io.kubegpt.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What one reconcile of a gang does to the cluster: pods to create and delete, and when to look again. */
final class GangPlan {

    private final List<Pod> create = new ArrayList<>();
    private final List<Pod> delete = new ArrayList<>();
    private final List<Pod> forceDelete = new ArrayList<>();
    private boolean deleteService;
    private Optional<Duration> recheck = Optional.empty();

    void create(Pod pod) {
        create.add(pod);
    }

    /** Deletes with the pod's grace period, so its trainer can save a checkpoint; a pod being deleted is left be. */
    void delete(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() == null) {
            delete.add(pod);
        }
    }

    /** Removes a pod whose node is gone: no kubelet is left to confirm its end. */
    void forceDelete(Pod pod) {
        forceDelete.add(pod);
    }

    void deleteService() {
        deleteService = true;
    }

    /** Looks again after {@code delay} at the latest; the earliest of several wins. */
    void recheckIn(Duration delay) {
        Duration bounded = delay.isNegative() ? Duration.ZERO : delay;
        if (recheck.isEmpty() || bounded.compareTo(recheck.get()) < 0) {
            recheck = Optional.of(bounded);
        }
    }

    List<Pod> creations() {
        return create;
    }

    List<Pod> deletions() {
        return delete;
    }

    List<Pod> forceDeletions() {
        return forceDelete;
    }

    boolean deletesService() {
        return deleteService;
    }

    Optional<Duration> recheck() {
        return recheck;
    }
}
