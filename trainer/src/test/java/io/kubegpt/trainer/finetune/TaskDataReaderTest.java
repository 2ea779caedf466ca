package io.kubegpt.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubegpt.api.v1alpha1.DataFormat;
import io.kubegpt.api.v1alpha1.TaskSpec;
import io.kubegpt.api.v1alpha1.TaskType;
import io.kubegpt.trainer.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskDataReaderTest {

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
        assertThat(data.summary("train")).contains("3 bad rows", "row 2: not a JSON object", "row 5: missing field text");
    }

    @Test
    void anUnknownLabelFailsWithItsRow() {
        TaskDataReader reader = new TaskDataReader(task(TaskType.ENTAILMENT, List.of("entailment", "contradiction")), "spec.data.eval");
        assertThatThrownBy(() -> reader.readJsonl("e.jsonl", """
                {"premise": "p", "hypothesis": "h", "label": "entailment"}
                {"premise": "p", "hypothesis": "h", "label": "maybe"}
                """)).isInstanceOf(InvalidInputException.class).hasMessageContaining("row 2: unknown label 'maybe'")
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
}
