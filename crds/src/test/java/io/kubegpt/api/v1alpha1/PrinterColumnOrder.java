package io.kubegpt.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Puts printer columns in the order the resource class declares them; the generator sorts them by name. */
final class PrinterColumnOrder implements CRDPostProcessor {

    private static final Map<String, Class<?>> RESOURCES = Map.of(
            "GPTPretrain", GPTPretrain.class,
            "GPTFinetune", GPTFinetune.class);

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        CustomResourceDefinition definition = (CustomResourceDefinition) crd;
        List<String> declared = Arrays.stream(RESOURCES.get(definition.getSpec().getNames().getKind())
                        .getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name)
                .toList();
        definition.getSpec().getVersions().forEach(version -> version.getAdditionalPrinterColumns()
                .sort(Comparator.comparingInt((CustomResourceColumnDefinition column) -> declared.indexOf(column.getName()))));
        return crd;
    }
}
