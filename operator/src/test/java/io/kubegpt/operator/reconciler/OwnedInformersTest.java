package io.kubegpt.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the operator's informers keep: only objects a job of their kind controls, and the claims jobs leave behind. */
class OwnedInformersTest {

    static final Map<String, String> LABELS = Map.of("kubegpt.io/job", "gpt", "kubegpt.io/kind", "GPTPretrain",
            "app.kubernetes.io/managed-by", "kubegpt-operator");

    @Test
    void aConfigMapWithAJobsLabelsButNoOwnerIsNotCachedNorMappedToTheJob() {
        OwnedInformers.JobObjectStore<ConfigMap> store = new OwnedInformers.JobObjectStore<>("GPTPretrain");
        ConfigMap forged = new ConfigMapBuilder().withNewMetadata().withName("gpt-progress").withNamespace("ml")
                .withLabels(LABELS).endMetadata().addToData("report", "x".repeat(1000)).build();

        store.put(Cache.metaNamespaceKeyFunc(forged), forged);

        assertThat(store.size()).isZero();
        assertThat(OwnedInformers.job(forged, "GPTPretrain")).isEmpty();
    }

    @Test
    void anObjectControlledByAJobIsCachedAndMappedToItsOwnerNotItsLabel() {
        OwnedInformers.JobObjectStore<ConfigMap> store = new OwnedInformers.JobObjectStore<>("GPTPretrain");
        ConfigMap owned = new ConfigMapBuilder().withNewMetadata().withName("gpt-progress").withNamespace("ml")
                .withLabels(Map.of("kubegpt.io/job", "other")).addNewOwnerReference().withApiVersion("kubegpt.io/v1alpha1")
                .withKind("GPTPretrain").withName("gpt").withUid("uid-1").withController(true).endOwnerReference()
                .endMetadata().build();

        store.put(Cache.metaNamespaceKeyFunc(owned), owned);

        assertThat(store.size()).isOne();
        assertThat(OwnedInformers.job(owned, "GPTPretrain")).contains(new ResourceID("gpt", "ml"));
        assertThat(OwnedInformers.job(owned, "GPTFinetune")).isEmpty();
    }

    @Test
    void onlyAnUnownedClaimIsMappedByItsLabel() {
        assertThat(OwnedInformers.job(new PersistentVolumeClaimBuilder().withNewMetadata().withName("gpt-checkpoints")
                .withNamespace("ml").withLabels(LABELS).endMetadata().build(), "GPTPretrain"))
                .contains(new ResourceID("gpt", "ml"));
        assertThat(OwnedInformers.job(new ServiceAccountBuilder().withNewMetadata().withName("gpt-trainer")
                .withNamespace("ml").withLabels(LABELS).endMetadata().build(), "GPTPretrain")).isEmpty();
    }
}
