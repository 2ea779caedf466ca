package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.lang.reflect.Modifier;
import java.util.Map;

/**
 * Writes the Java types' defaults into the CRD schema, so the API server applies exactly the values a
 * default-constructed spec holds: the field initialisers are the one definition of every default.
 * An object the default spec holds, and that has no required fields, defaults to {@code {}} so its own defaults
 * apply when the user omits it; an object the default spec leaves unset (an optional section such as
 * {@code checkpoint.volume}) gets its fields' defaults for when the user writes it.
 */
final class SchemaDefaults implements CRDPostProcessor {

    private static final Map<String, Class<? extends GPTJobSpec>> SPECS = Map.of(
            "GPTPretrain", GPTPretrainSpec.class,
            "GPTFinetune", GPTFinetuneSpec.class);

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        CustomResourceDefinition definition = (CustomResourceDefinition) crd;
        JavaType specType = mapper.constructType(SPECS.get(definition.getSpec().getNames().getKind()));
        definition.getSpec().getVersions().forEach(version -> {
            JSONSchemaProps spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
            defaultToEmptyObject(spec);
            applyDefaults("spec", spec, specType, defaultInstance(specType));
        });
        return crd;
    }

    private void applyDefaults(String path, JSONSchemaProps schema, JavaType type, JsonNode value) {
        for (BeanPropertyDefinition property : mapper.getSerializationConfig().introspect(type).findProperties()) {
            String fieldPath = path + "." + property.getName();
            JSONSchemaProps propertySchema = schema.getProperties().get(property.getName());
            if (propertySchema == null) {
                throw new IllegalStateException(fieldPath + " is a Java property but not in the schema");
            }
            JsonNode propertyValue = value.get(property.getName());
            JavaType propertyType = property.getPrimaryType();
            if (isOwnType(propertyType)) {
                if (propertyValue != null) {
                    defaultToEmptyObject(propertySchema);
                    applyDefaults(fieldPath, propertySchema, propertyType, propertyValue);
                } else {
                    applyDefaults(fieldPath, propertySchema, propertyType, defaultInstance(propertyType));
                }
            } else if (propertyValue != null) {
                propertySchema.setDefault(propertyValue);
            }
        }
    }

    private static boolean isOwnType(JavaType type) {
        Class<?> raw = type.getRawClass();
        return raw.getPackage() == GPTJobSpec.class.getPackage() && !raw.isEnum();
    }

    private JsonNode defaultInstance(JavaType type) {
        try {
            Class<?> raw = type.getRawClass();
            if (Modifier.isAbstract(raw.getModifiers())) {
                throw new IllegalStateException(raw + " is abstract: schema defaults need a concrete type");
            }
            return mapper.valueToTree(raw.getConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type + " with its defaults", e);
        }
    }

    private void defaultToEmptyObject(JSONSchemaProps object) {
        if (object.getRequired() == null || object.getRequired().isEmpty()) {
            object.setDefault(mapper.createObjectNode());
        }
    }
}
