package io.kubegpt.trainer.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.CustomResource;
import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.api.v1alpha1.GPTFinetuneSpec;
import io.kubegpt.api.v1alpha1.GPTJobSpec;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.GPTPretrainSpec;
import io.kubegpt.api.v1alpha1.validation.FieldError;
import io.kubegpt.api.v1alpha1.validation.SchemaConstraints;
import io.kubegpt.api.v1alpha1.validation.SpecValidation;
import io.kubegpt.trainer.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads the resource file that {@code kubectl apply} takes, applies {@code --set path=value} overrides, and checks it
 * as the API server and the operator would: unknown fields, types, the schema's ranges and patterns, and the rules
 * between fields. Anything wrong becomes an {@link InvalidInputException} naming the field.
 */
public final class SpecReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SpecReader() {
    }

    public static GPTPretrain pretrain(Path file, List<String> overrides) {
        GPTPretrain job = read(file, overrides, GPTPretrain.class);
        check(job);
        return job;
    }

    public static GPTPretrain pretrain(InputStream in, String source, List<String> overrides) {
        GPTPretrain job = read(in, source, overrides, GPTPretrain.class);
        check(job);
        return job;
    }

    public static GPTFinetune finetune(Path file, List<String> overrides) {
        GPTFinetune job = read(file, overrides, GPTFinetune.class);
        check(job);
        return job;
    }

    /** The resource as YAML, as a checkpoint keeps it. */
    public static String toYaml(Object resource) {
        try {
            return YAML.writeValueAsString(resource);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T extends CustomResource<? extends GPTJobSpec, GPTJobStatus>> T read(
            Path file, List<String> overrides, Class<T> kind) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), overrides, kind);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("FILE", "no such file: " + file);
        } catch (IOException e) {
            throw new InvalidInputException("FILE", "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static <T extends CustomResource<? extends GPTJobSpec, GPTJobStatus>> T read(
            InputStream in, String source, List<String> overrides, Class<T> kind) {
        JsonNode tree;
        try {
            tree = YAML.readTree(in);
        } catch (IOException e) {
            throw new InvalidInputException("FILE", source + " is not valid YAML: " + firstLine(e.getMessage()), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidInputException("FILE", source + " holds no resource");
        }
        String expectedKind = kind.getSimpleName();
        if (!expectedKind.equals(tree.path("kind").asText())) {
            throw new InvalidInputException("kind", source + " is a " + tree.path("kind").asText("resource without kind")
                    + "; this command takes a " + expectedKind);
        }
        for (String override : overrides) {
            Overrides.apply((ObjectNode) tree, override);
        }
        T job;
        try {
            job = YAML.treeToValue(tree, kind);
        } catch (JsonProcessingException e) {
            throw fieldError(e);
        }
        return job;
    }

    /** Schema constraints first: the rules between fields assume each field is in range. */
    private static void check(CustomResource<? extends GPTJobSpec, GPTJobStatus> job) {
        GPTJobSpec spec = job.getSpec();
        if (spec == null) {
            throw new InvalidInputException("spec", "Required value");
        }
        List<FieldError> errors = new ArrayList<>(SchemaConstraints.validate(spec));
        if (errors.isEmpty()) {
            errors.addAll(spec instanceof GPTPretrainSpec pretrain
                    ? SpecValidation.validate(pretrain) : SpecValidation.validate((GPTFinetuneSpec) spec));
        }
        if (!errors.isEmpty()) {
            String others = errors.stream().skip(1).map(FieldError::toString).collect(Collectors.joining("; "));
            throw new InvalidInputException(errors.get(0).field(),
                    errors.get(0).message() + (others.isEmpty() ? "" : " (also " + others + ")"));
        }
    }

    private static InvalidInputException fieldError(JsonProcessingException e) {
        String path = e instanceof JsonMappingException mapping ? mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[") : "spec";
        String problem;
        if (e instanceof UnrecognizedPropertyException unknown) {
            problem = "unknown field; known fields here: " + unknown.getKnownPropertyIds();
        } else if (e instanceof InvalidFormatException format) {
            problem = "Invalid value: \"" + format.getValue() + "\": must be of type "
                    + format.getTargetType().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        } else {
            problem = firstLine(e.getOriginalMessage());
        }
        return new InvalidInputException(path, problem, e);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
