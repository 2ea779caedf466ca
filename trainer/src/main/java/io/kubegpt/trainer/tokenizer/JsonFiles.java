package io.kubegpt.trainer.tokenizer;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The JSON files of a tokenizer folder and a prepared data folder ({@code vocab.json},
 * {@code special_tokens.json}, {@code meta.json}), read and written with one shared Jackson mapper. Objects are
 * written one entry per line in the map's iteration order, with non-ASCII characters escaped as {@code \\uXXXX}
 * as in GPT-2's {@code vocab.json}. Duplicate keys are rejected on reading.
 */
public final class JsonFiles {

    /** The shared mapper; thread-safe once built. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .defaultPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator(""))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n")))
            .build();

    private JsonFiles() {
    }

    /** One JSON object holding {@code entries} in their iteration order, one per line, ending with a newline. */
    public static String write(Map<String, ?> entries) throws IOException {
        return MAPPER.writeValueAsString(entries) + "\n";
    }

    /**
     * Parses {@code file}, which must hold one JSON object.
     *
     * @throws java.nio.file.NoSuchFileException when it does not exist
     * @throws IOException when it cannot be read, is not JSON, or is not an object
     */
    public static ObjectNode readObject(Path file) throws IOException {
        JsonNode root = MAPPER.readTree(Files.readAllBytes(file));
        if (!(root instanceof ObjectNode object)) {
            throw new IOException(file + " does not hold a JSON object");
        }
        return object;
    }
}
