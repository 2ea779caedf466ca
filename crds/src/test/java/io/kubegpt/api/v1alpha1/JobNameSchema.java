package io.kubegpt.api.v1alpha1;

import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.kubegpt.api.v1alpha1.validation.JobName;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts {@link JobName}'s rules on {@code metadata.name}, so the API server rejects a name the operator could not
 * derive its objects' names from. A CRD schema may restrict exactly {@code metadata.name} and
 * {@code metadata.generateName}; the generator writes no {@code metadata} at all.
 */
final class JobNameSchema implements CRDPostProcessor {

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        CustomResourceDefinition definition = (CustomResourceDefinition) crd;
        definition.getSpec().getVersions().forEach(version -> {
            JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
            Map<String, JSONSchemaProps> properties = new TreeMap<>(root.getProperties());
            properties.put("metadata", new JSONSchemaPropsBuilder()
                    .withType("object")
                    .addToProperties("name", new JSONSchemaPropsBuilder()
                            .withType("string")
                            .withMaxLength((long) JobName.MAX_LENGTH)
                            .withPattern(JobName.PATTERN)
                            .build())
                    .build());
            root.setProperties(properties);
        });
        return crd;
    }
}
