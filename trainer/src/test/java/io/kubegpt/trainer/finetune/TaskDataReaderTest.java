package io.kubegpt.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubegpt.api.v1alpha1.DataFormat;
import io.kubegpt.api.v1alpha1.TaskSpec;
import io.kubegpt.api.v1alpha1.TaskType;
import io.kubegpt.trainer.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskDataReaderTest {

    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TempDir
    Path dir;

    private final TaskDataReader classification =
            new TaskDataReader(task(TaskType.CLASSIFICATION, List.of("no", "yes")), "spec.data.train");

    static TaskSpec task(TaskType type, List<String> labels) {
        TaskSpec task = new TaskSpec();
        task.setType(type);
        task.setLabels(labels);
        return task;
    }

    @Test
    void countsBadRowsAndKeepsTheRest() {
        TaskDataReader reader = new TaskDataReader(task(TaskType.CLASSIFICATION, List.of("no", "yes")), "spec.data.train");
        TaskData data = reader.readJsonl("f.jsonl", """
                {"text": "a good day", "label": "yes"}
                not json
                {"text": "", "label": "no"}

                {"label": "no"}
                {"text": "a bad day", "label": "no"}
                """);
        assertThat(data.examples()).extracting(Example::first).containsExactly("a good day", "a bad day");
        assertThat(data.examples()).extracting(Example::label).containsExactly(1, 0);
        assertThat(data.badRows()).isEqualTo(3);
        assertThat(data.summary("train")).contains("3 bad rows", "line 2: not a JSON object", "line 5: missing field text");
    }

    @Test
    void anUnknownLabelFailsWithItsRow() {
        TaskDataReader reader = new TaskDataReader(task(TaskType.ENTAILMENT, List.of("entailment", "contradiction")), "spec.data.eval");
        assertThatThrownBy(() -> reader.readJsonl("e.jsonl", """
                {"premise": "p", "hypothesis": "h", "label": "entailment"}
                {"premise": "p", "hypothesis": "h", "label": "maybe"}
                """)).isInstanceOf(InvalidInputException.class).hasMessage("e.jsonl line 2: unknown label 'maybe'; expected one of [entailment, contradiction]")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("spec.data.eval");
    }

    @Test
    void readsCsvWithQuotesScoresAndAnswers() {
        TaskData pairs = new TaskDataReader(task(TaskType.SIMILARITY, null), "f").readCsv("s.csv",
                "sentence1,sentence2,score\n\"a, b\",\"say \"\"hi\"\"\",4.5\nx,y,high\n");
        assertThat(pairs.examples()).singleElement().satisfies(e -> {
            assertThat(e.first()).isEqualTo("a, b");
            assertThat(e.second()).isEqualTo("say \"hi\"");
            assertThat(e.score()).isEqualTo(4.5);
        });
        assertThat(pairs.badRows()).isEqualTo(1);
        TaskData choices = new TaskDataReader(task(TaskType.MULTIPLE_CHOICE, null), "f").readCsv("c.csv",
                "context,answers,label\nthe cat,sat | ran | hid,2\n");
        assertThat(choices.examples().get(0).answers()).containsExactly("sat", "ran", "hid");
        assertThat(choices.examples().get(0).label()).isEqualTo(2);
    }

    @Test
    void readsTheBundledDatasets() {
        TaskData data = new TaskDataReader(task(TaskType.CLASSIFICATION, List.of("negative", "positive")), "spec.data.train")
                .read("builtin:sentiment/eval.jsonl", null);
        assertThat(data.examples()).hasSizeGreaterThan(100);
        assertThat(data.badRows()).isZero();
        assertThatThrownBy(() -> new TaskDataReader(task(TaskType.CLASSIFICATION, List.of("a", "b")), "spec.data.train")
                .read("builtin:nope.jsonl", DataFormat.JSONL)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aQuoteThatNeverClosesFailsWithTheLineWhereTheQuotedFieldStarts() throws IOException {
        Path file = write("open.csv", "text,label\na fine day,yes\n\n\"it never ends,no\nmore,yes\nstill more,no\n");
        assertThatThrownBy(() -> classification.read(file.toString(), null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("spec.data.train"))
                .hasMessage(file + " line 4: unclosed quote (the quoted field starts here)");
    }

    @Test
    void aCsvRowWithTheWrongNumberOfFieldsFailsWithItsLineAndBothCounts() throws IOException {
        Path file = write("count.csv", "text,label\r\na day,yes\r\n\"two\r\nlines\",no\r\nhello, world,yes\r\nlast,no\r\n");
        assertThatThrownBy(() -> classification.read(file.toString(), null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("spec.data.train"))
                .hasMessage(file + " line 5: 3 fields, the header has 2");
    }

    @Test
    void aStrayQuoteThatPairsWithALaterOneNamesWhereTheRecordStartsAndEnds() throws IOException {
        Path file = write("stray.csv", "text,label\n\"a day, yes\nnext,no\n\"last, night\",yes\n");
        assertThatThrownBy(() -> classification.read(file.toString(), null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(file + " line 2: 3 fields, the header has 2 (a quoted field runs on to line 4)");
    }

    @Test
    void aClosedMultiLineFieldIsOneRowNamedByItsFirstLineAndToleratedBadRowsAreSkipped() throws IOException {
        Path file = write("multi.csv", "text,label\n\"a day,\nand a \"\"night\"\"\",yes\nno label here,\n\nlast day,no\n");
        TaskData data = classification.read(file.toString(), null);
        assertThat(data.examples()).extracting(Example::first).containsExactly("a day,\nand a \"night\"", "last day");
        assertThat(data.examples()).extracting(Example::row).containsExactly(2, 6);
        assertThat(data.examples()).extracting(Example::label).containsExactly(1, 0);
        assertThat(data.badRows()).isEqualTo(1);
        assertThat(data.badRowReasons()).containsExactly("line 4: missing field label");
    }

    @Test
    void aByteOrderMarkBeforeTheCsvHeaderIsSkipped() throws IOException {
        Path file = write("bom.csv", BYTE_ORDER_MARK, "text,label\nfirst,yes\nsecond,no\n");
        TaskData data = classification.read(file.toString(), null);
        assertThat(data.examples()).extracting(Example::first).containsExactly("first", "second");
        assertThat(data.badRows()).isZero();
    }

    @Test
    void aByteOrderMarkBeforeTheFirstJsonLineIsSkipped() throws IOException {
        Path file = write("bom.jsonl", BYTE_ORDER_MARK, "{\"text\": \"first\", \"label\": \"yes\"}\n"
                + "{\"text\": \"second\", \"label\": \"no\"}\n");
        TaskData data = classification.read(file.toString(), null);
        assertThat(data.examples()).extracting(Example::first).containsExactly("first", "second");
        assertThat(data.examples()).extracting(Example::row).containsExactly(1, 2);
        assertThat(data.badRows()).isZero();
    }

    @Test
    void malformedJsonLinesAreBadRowsNamedByTheirLine() throws IOException {
        Path file = write("bad.jsonl", "{\"text\": \"a\", \"label\": \"yes\"}\r\n\r\n{\"text\": \"b\", \"label\"\r\n"
                + "{\"text\": \"c\", \"label\": \"no\"} {\"text\": \"d\", \"label\": \"no\"}\r\n[1, 2]\r\n"
                + "{\"text\": \"e\", \"label\": \"no\"}\r\n");
        TaskData data = classification.read(file.toString(), null);
        assertThat(data.examples()).extracting(Example::first).containsExactly("a", "e");
        assertThat(data.examples()).extracting(Example::row).containsExactly(1, 6);
        assertThat(data.badRowReasons()).containsExactly(
                "line 3: not a JSON object", "line 4: not a JSON object", "line 5: not a JSON object");
    }

    @Test
    void anUnknownCsvLabelNamesItsLine() throws IOException {
        Path file = write("label.csv", "text,label\n\"two\nlines\",yes\nthird,maybe\n");
        assertThatThrownBy(() -> classification.read(file.toString(), null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(file + " line 4: unknown label 'maybe'; expected one of [no, yes]");
    }

    private Path write(String name, String text) throws IOException {
        return write(name, new byte[0], text);
    }

    private Path write(String name, byte[] prefix, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        System.arraycopy(body, 0, bytes, prefix.length, body.length);
        return Files.write(dir.resolve(name), bytes);
    }
}
