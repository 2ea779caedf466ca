package io.kubegpt.api.v1alpha1.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.kubegpt.api.v1alpha1.GPTJobSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Checks a spec against the constraints its CRD schema is generated from (the {@code @Min}, {@code @Max},
 * {@code @Pattern}, {@code @Size} and {@code @Required} annotations on the Java types), for callers that never
 * pass through the API server, such as the trainer's CLI reading a YAML file. Messages follow the API server's.
 */
public final class SchemaConstraints {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SchemaConstraints() {
    }

    public static List<FieldError> validate(GPTJobSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        check("spec", spec, errors);
        return errors;
    }

    private static void check(String path, Object object, List<FieldError> errors) {
        var description = MAPPER.getSerializationConfig().introspect(MAPPER.constructType(object.getClass()));
        for (BeanPropertyDefinition property : description.findProperties()) {
            String fieldPath = path + "." + property.getName();
            Object value = property.getAccessor().getValue(object);
            AnnotatedField field = property.getField();
            if (field != null) {
                checkValue(fieldPath, field, value, errors);
            }
            if (value == null) {
                continue;
            }
            if (isOwnType(value)) {
                check(fieldPath, value, errors);
            }
        }
    }

    private static void checkValue(String path, AnnotatedField field, Object value, List<FieldError> errors) {
        if (value == null) {
            if (field.hasAnnotation(Required.class)) {
                errors.add(new FieldError(path, "Required value"));
            }
            return;
        }
        Min min = field.getAnnotation(Min.class);
        if (min != null && value instanceof Number number) {
            double v = number.doubleValue();
            if (min.inclusive() ? v < min.value() : v <= min.value()) {
                errors.add(new FieldError(path, "Invalid value: " + value + ": should be greater than "
                        + (min.inclusive() ? "or equal to " : "") + format(min.value())));
            }
        }
        Max max = field.getAnnotation(Max.class);
        if (max != null && value instanceof Number number) {
            double v = number.doubleValue();
            if (max.inclusive() ? v > max.value() : v >= max.value()) {
                errors.add(new FieldError(path, "Invalid value: " + value + ": should be less than "
                        + (max.inclusive() ? "or equal to " : "") + format(max.value())));
            }
        }
        Pattern pattern = field.getAnnotation(Pattern.class);
        if (pattern != null && value instanceof String text && !text.matches(pattern.value())) {
            errors.add(new FieldError(path, "Invalid value: \"" + text + "\": should match '" + pattern.value() + "'"));
        }
        Size size = field.getAnnotation(Size.class);
        if (size != null && value instanceof Collection<?> items
                && (items.size() < size.min() || items.size() > size.max())) {
            errors.add(new FieldError(path, "Invalid value: " + items.size() + " items: should have between "
                    + size.min() + " and " + size.max() + " items"));
        }
    }

    private static boolean isOwnType(Object value) {
        Class<?> type = value.getClass();
        return type.getPackage() == GPTJobSpec.class.getPackage() && !type.isEnum();
    }

    private static String format(double bound) {
        return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
    }
}
