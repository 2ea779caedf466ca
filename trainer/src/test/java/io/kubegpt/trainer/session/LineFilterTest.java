package io.kubegpt.trainer.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineFilterTest {

    @Test
    void passesOnlyTheKeptLinesWholeAndAnUnfinishedLineOnFlush() {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        PrintStream filtered = new PrintStream(new LineFilter(new PrintStream(target, true, StandardCharsets.UTF_8),
                line -> !line.startsWith("noise")), false, StandardCharsets.UTF_8);

        filtered.print("keep 1\nnoise a\nno");
        filtered.print("ise b\nkeep ü 2\nnoi");
        filtered.print("ce");
        filtered.flush();

        assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo("keep 1\nkeep ü 2\nnoice");
    }
}
