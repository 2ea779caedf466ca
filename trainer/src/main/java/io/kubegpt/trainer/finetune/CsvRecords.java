package io.kubegpt.trainer.finetune;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: comma-separated fields, double quotes around fields that hold commas, quotes or line breaks,
 * a quote inside a quoted field doubled. Splits a whole file into records of fields, each with the lines it spans.
 * A line break is {@code \n}, {@code \r\n} or a lone {@code \r}.
 */
final class CsvRecords {

    /** One record; {@code line} and {@code lastLine} are the 1-based lines of the file where it starts and ends. */
    record Record(List<String> fields, int line, int lastLine) {
    }

    private CsvRecords() {
    }

    /**
     * The records of {@code text}; a trailing line break ends the last record; blank lines (nothing or only
     * whitespace) are skipped.
     *
     * @throws UnclosedQuote when a quoted field runs to the end of the text
     */
    static List<Record> parse(String text) {
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        int quoteLine = 0;
        boolean quoted = false;
        boolean started = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                    if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                        line++;
                    }
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
                quoteLine = line;
                started = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                started = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (started) {
                    fields.add(field.toString());
                    records.add(new Record(fields, recordLine, line));
                }
                line++;
                recordLine = line;
                fields = new ArrayList<>();
                field.setLength(0);
                started = false;
            } else {
                field.append(c);
                started |= !Character.isWhitespace(c);
            }
        }
        if (quoted) {
            throw new UnclosedQuote(quoteLine);
        }
        if (started) {
            fields.add(field.toString());
            records.add(new Record(fields, recordLine, line));
        }
        return records;
    }

    /** A quoted field that never closes; {@link #line()} is the line of its opening quote. */
    static final class UnclosedQuote extends RuntimeException {
        private final int line;

        UnclosedQuote(int line) {
            super("unclosed quote opened on line " + line, null, false, false);
            this.line = line;
        }

        int line() {
            return line;
        }
    }
}
