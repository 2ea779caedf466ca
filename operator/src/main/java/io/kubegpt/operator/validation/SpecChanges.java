package io.kubegpt.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubegpt.api.v1alpha1.GPTJobSpec;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fields in which a job's spec differs from the spec its workers were started with. Only {@code suspend} applies
 * to a started job; every other change is reported and ignored. The accepted spec is read with today's defaults, so
 * a field a newer operator added is no change.
 */
public final class SpecChanges {

    private static final Set<String> APPLIED = Set.of("spec.suspend");

    private SpecChanges() {
    }

    public static List<String> ignored(String acceptedSpecJson, GPTJobSpec current) {
        try {
            Set<String> changed = new TreeSet<>();
            GPTJobSpec accepted = Serialization.jsonMapper().readValue(acceptedSpecJson, current.getClass());
            diff("spec", Serialization.jsonMapper().valueToTree(accepted),
                    Serialization.jsonMapper().valueToTree(current), changed);
            changed.removeAll(APPLIED);
            return List.copyOf(changed);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable accepted spec", e);
        }
    }

    private static void diff(String path, JsonNode before, JsonNode after, Set<String> changed) {
        if (before != null && after != null && before.isObject() && after.isObject()) {
            Set<String> names = new TreeSet<>();
            before.fieldNames().forEachRemaining(names::add);
            after.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                diff(path + "." + name, before.get(name), after.get(name), changed);
            }
        } else if (!Objects.equals(before, after)) {
            changed.add(path);
        }
    }
}
