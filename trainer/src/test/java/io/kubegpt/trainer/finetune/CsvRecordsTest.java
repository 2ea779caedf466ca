package io.kubegpt.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

    @Test
    void recordsKnowTheLinesTheySpan() {
        List<CsvRecords.Record> records = CsvRecords.parse("a,b\n\"one\ntwo\",x\n\n   \nlast,\"\"\"q\"\"\"");
        assertThat(records).extracting(CsvRecords.Record::fields).containsExactly(
                List.of("a", "b"), List.of("one\ntwo", "x"), List.of("last", "\"q\""));
        assertThat(records).extracting(CsvRecords.Record::line).containsExactly(1, 2, 6);
        assertThat(records).extracting(CsvRecords.Record::lastLine).containsExactly(1, 3, 6);
    }

    @Test
    void countsCrLfAndALoneCrAsOneLineBreakEach() {
        List<CsvRecords.Record> records = CsvRecords.parse("h1,h2\r\n\"x\r\ny\",1\r\"z\rw\",2\r\n");
        assertThat(records).extracting(CsvRecords.Record::fields).containsExactly(
                List.of("h1", "h2"), List.of("x\r\ny", "1"), List.of("z\rw", "2"));
        assertThat(records).extracting(CsvRecords.Record::line).containsExactly(1, 2, 4);
        assertThat(records).extracting(CsvRecords.Record::lastLine).containsExactly(1, 3, 5);
    }

    @Test
    void aQuoteThatNeverClosesNamesTheLineItOpensOn() {
        assertThatThrownBy(() -> CsvRecords.parse("a,b\nok,1\n\nx,\"never closed\ny,2\nz,3\n"))
                .isInstanceOfSatisfying(CsvRecords.UnclosedQuote.class, e -> assertThat(e.line()).isEqualTo(4));
    }
}
