package io.kubegpt.trainer.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubegpt.trainer.InvalidInputException;
import java.io.IOException;

/**
 * {@code --set path=value} on a resource tree: {@code training.steps=100} (relative to {@code spec}) or
 * {@code spec.training.steps=100}; the value is read as YAML, so numbers, booleans and {@code [a, b]} lists work.
 */
final class Overrides {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Overrides() {
    }

    static void apply(ObjectNode resource, String assignment) {
        int equals = assignment.indexOf('=');
        if (equals <= 0) {
            throw new InvalidInputException("--set", "expected path=value, e.g. training.steps=100, got \""
                    + assignment + "\"");
        }
        String path = assignment.substring(0, equals).trim();
        String[] keys = (path.startsWith("spec.") || path.startsWith("metadata.") ? path : "spec." + path).split("\\.");
        ObjectNode node = resource;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode child = node.get(keys[i]);
            if (child == null || child.isNull()) {
                child = node.putObject(keys[i]);
            } else if (!child.isObject()) {
                throw new InvalidInputException("--set", path + ": " + keys[i] + " is not an object");
            }
            node = (ObjectNode) child;
        }
        node.set(keys[keys.length - 1], value(assignment.substring(equals + 1), path));
    }

    private static JsonNode value(String text, String path) {
        try {
            JsonNode value = YAML.readTree(text);
            return value == null ? YAML.getNodeFactory().nullNode() : value;
        } catch (IOException e) {
            throw new InvalidInputException("--set", path + ": cannot read \"" + text + "\" as a value");
        }
    }
}
