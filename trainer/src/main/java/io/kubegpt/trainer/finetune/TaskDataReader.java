package io.kubegpt.trainer.finetune;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubegpt.api.v1alpha1.DataFormat;
import io.kubegpt.api.v1alpha1.TaskSpec;
import io.kubegpt.trainer.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a labelled file, JSONL (one object per line) or CSV (a header row naming the fields), from a path or from
 * the datasets bundled with the trainer ({@code builtin:NAME}, e.g. {@code builtin:sentiment/train.jsonl}).
 * Field names per task:
 * <ul>
 *   <li>classification: {@code text}, {@code label}</li>
 *   <li>entailment: {@code premise}, {@code hypothesis}, {@code label}</li>
 *   <li>similarity: {@code sentence1}, {@code sentence2}, and {@code score} (no labels in the spec) or {@code label}</li>
 *   <li>multipleChoice: {@code context}, {@code answers} (a JSON array; in CSV the answers separated by {@code |}),
 *       {@code label} (the 0-based index of the right answer)</li>
 * </ul>
 * Rows that cannot be used (not JSON, a field missing or empty, a score that is not a number) are counted as bad
 * rows; a label that is not one of the spec's labels fails the whole run with its line number, because it means the
 * labels in the spec and in the data disagree. So does a CSV quote that never closes, or a CSV row with more or fewer
 * fields than the header: the file is then not split the way it was written, and what follows would be misread.
 * Line numbers are the file's physical lines, 1-based; a CSV row with a quoted line break is named by its first line.
 * A UTF-8 byte-order mark at the start of a file is skipped.
 */
public final class TaskDataReader {

    public static final String BUILTIN = "builtin:";
    static final String BUILTIN_ROOT = "/finetune/";

    // a line must hold one object: without this, "{...} {...}" or "{...} junk" would read as its first object
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private final TaskSpec task;
    private final String field;

    /** @param field the spec field that names the file, for messages (e.g. {@code spec.data.train}) */
    public TaskDataReader(TaskSpec task, String field) {
        this.task = task;
        this.field = field;
    }

    public TaskData read(String location, DataFormat format) {
        DataFormat resolved = format != null ? format
                : location.toLowerCase(Locale.ROOT).endsWith(".csv") ? DataFormat.CSV : DataFormat.JSONL;
        String text = load(location);
        return resolved == DataFormat.CSV ? readCsv(location, text) : readJsonl(location, text);
    }

    TaskData readJsonl(String source, String text) {
        Rows rows = new Rows(source);
        int row = 0;
        for (String line : text.split("\r?\n", -1)) {
            row++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                rows.bad(row, "not a JSON object");
                continue;
            }
            if (node == null || !node.isObject()) {
                rows.bad(row, "not a JSON object");
                continue;
            }
            rows.add(row, (ObjectNode) node);
        }
        return rows.done();
    }

    TaskData readCsv(String source, String text) {
        List<CsvRecords.Record> records;
        try {
            records = CsvRecords.parse(text);
        } catch (CsvRecords.UnclosedQuote e) {
            throw new InvalidInputException(field, source + " line " + e.line()
                    + ": unclosed quote (the quoted field starts here)");
        }
        if (records.isEmpty()) {
            throw new InvalidInputException(field, source + " is empty: expected a header row naming the fields");
        }
        List<String> header = records.get(0).fields().stream().map(String::strip).toList();
        Rows rows = new Rows(source);
        for (CsvRecords.Record record : records.subList(1, records.size())) {
            List<String> fields = record.fields();
            if (fields.size() != header.size()) {
                throw new InvalidInputException(field, source + " line " + record.line() + ": " + fields.size()
                        + (fields.size() == 1 ? " field" : " fields") + ", the header has " + header.size() + (record.lastLine() == record.line() ? ""
                        : " (a quoted field runs on to line " + record.lastLine() + ")"));
            }
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            for (int c = 0; c < header.size(); c++) {
                if (header.get(c).equals("answers")) {
                    ArrayNode answers = node.putArray("answers");
                    for (String answer : fields.get(c).split("\\|", -1)) {
                        answers.add(answer.strip());
                    }
                } else {
                    node.put(header.get(c), fields.get(c));
                }
            }
            rows.add(record.line(), node);
        }
        return rows.done();
    }

    private String load(String location) {
        if (location.startsWith(BUILTIN)) {
            String name = location.substring(BUILTIN.length());
            try (InputStream in = TaskDataReader.class.getResourceAsStream(BUILTIN_ROOT + name)) {
                if (in == null || name.contains("..")) {
                    throw new InvalidInputException(field, "no bundled dataset " + location + "; bundled: "
                            + "builtin:{sentiment,entailment,similarity,story-ending}/{train,eval}.jsonl");
                }
                return withoutByteOrderMark(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new InvalidInputException(field, "cannot read " + location + ": " + e.getMessage(), e);
            }
        }
        try {
            return withoutByteOrderMark(Files.readString(Path.of(location), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(field, "no such file: " + location);
        } catch (IOException e) {
            throw new InvalidInputException(field, "cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    private static String withoutByteOrderMark(String text) {
        return text.startsWith(BYTE_ORDER_MARK) ? text.substring(BYTE_ORDER_MARK.length()) : text;
    }

    /** Collects examples and bad rows of one file. */
    private final class Rows {
        private final String source;
        private final List<Example> examples = new ArrayList<>();
        private final List<String> reasons = new ArrayList<>();
        private int bad;

        Rows(String source) {
            this.source = source;
        }

        void add(int row, ObjectNode node) {
            try {
                examples.add(example(row, node));
            } catch (BadRow e) {
                bad(row, e.getMessage());
            }
        }

        void bad(int row, String reason) {
            bad++;
            if (reasons.size() < TaskData.REASONS_KEPT) {
                reasons.add("line " + row + ": " + reason);
            }
        }

        TaskData done() {
            if (examples.isEmpty()) {
                throw new InvalidInputException(field, source + " holds no usable rows" + (reasons.isEmpty() ? ""
                        : " (" + String.join("; ", reasons) + ")") + "; expected the fields " + fieldNames());
            }
            return new TaskData(source, List.copyOf(examples), bad, List.copyOf(reasons));
        }

        private Example example(int row, ObjectNode node) {
            return switch (task.getType()) {
                case CLASSIFICATION -> Example.text(row, text(node, "text"), label(row, node));
                case ENTAILMENT -> Example.pair(row, text(node, "premise"), text(node, "hypothesis"), label(row, node));
                case SIMILARITY -> task.getLabels() == null
                        ? Example.scoredPair(row, text(node, "sentence1"), text(node, "sentence2"), score(node))
                        : Example.pair(row, text(node, "sentence1"), text(node, "sentence2"), label(row, node));
                case MULTIPLE_CHOICE -> choice(row, node);
            };
        }

        private Example choice(int row, ObjectNode node) {
            String context = text(node, "context");
            JsonNode answersNode = node.get("answers");
            if (answersNode == null || !answersNode.isArray() || answersNode.size() < 2) {
                throw new BadRow("answers must be a list of at least two answers");
            }
            List<String> answers = new ArrayList<>();
            for (JsonNode answer : answersNode) {
                if (!answer.isValueNode() || answer.asText().isBlank()) {
                    throw new BadRow("an answer is empty or not text");
                }
                answers.add(answer.asText());
            }
            JsonNode label = node.get("label");
            if (label == null || label.isNull() || label.asText().isBlank()) {
                throw new BadRow("missing field label");
            }
            int index;
            try {
                index = Integer.parseInt(label.asText().strip());
            } catch (NumberFormatException e) {
                throw unknownLabel(row, label.asText(), "the 0-based index of the right answer");
            }
            if (index < 0 || index >= answers.size()) {
                throw unknownLabel(row, label.asText(), "an answer index from 0 to " + (answers.size() - 1));
            }
            return Example.choice(row, context, answers, index);
        }

        private String text(ObjectNode node, String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw new BadRow("missing field " + name);
            }
            if (!value.isValueNode() || value.asText().isBlank()) {
                throw new BadRow("field " + name + " is empty or not text");
            }
            return value.asText();
        }

        private double score(ObjectNode node) {
            JsonNode value = node.get("score");
            if (value == null || value.isNull()) {
                throw new BadRow("missing field score");
            }
            try {
                double score = value.isNumber() ? value.doubleValue() : Double.parseDouble(value.asText().strip());
                if (!Double.isFinite(score)) {
                    throw new NumberFormatException();
                }
                return score;
            } catch (NumberFormatException e) {
                throw new BadRow("score '" + value.asText() + "' is not a number");
            }
        }

        private int label(int row, ObjectNode node) {
            JsonNode value = node.get("label");
            if (value == null || value.isNull() || value.asText().isBlank()) {
                throw new BadRow("missing field label");
            }
            int index = task.getLabels().indexOf(value.asText().strip());
            if (index < 0) {
                throw unknownLabel(row, value.asText(), "one of " + task.getLabels());
            }
            return index;
        }

        private InvalidInputException unknownLabel(int row, String label, String expected) {
            return new InvalidInputException(field, source + " line " + row + ": unknown label '" + label
                    + "'; expected " + expected);
        }

        private String fieldNames() {
            return switch (task.getType()) {
                case CLASSIFICATION -> "text, label";
                case ENTAILMENT -> "premise, hypothesis, label";
                case SIMILARITY -> task.getLabels() == null ? "sentence1, sentence2, score" : "sentence1, sentence2, label";
                case MULTIPLE_CHOICE -> "context, answers, label";
            };
        }
    }

    private static final class BadRow extends RuntimeException {
        BadRow(String message) {
            super(message, null, false, false);
        }
    }
}
