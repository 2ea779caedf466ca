package io.kubegpt.trainer.finetune;

import java.util.List;

/**
 * The usable examples of one file and what was wrong with the rest: rows that were not valid JSON, lacked a
 * field or could not fit the context are counted, with the first few reasons kept for the report.
 */
public record TaskData(String source, List<Example> examples, int badRows, List<String> badRowReasons) {

    public static final int REASONS_KEPT = 5;

    /** One line for the console, e.g. {@code train: 400 examples from builtin:sentiment/train.jsonl, 2 bad rows (...)}. */
    public String summary(String role) {
        return describe(role, examples.size(), source, badRows, badRowReasons);
    }

    public static String describe(String role, int examples, String source, int badRows, List<String> badRowReasons) {
        String line = role + ": " + examples + " examples from " + source;
        if (badRows == 0) {
            return line;
        }
        return line + ", " + badRows + " bad row" + (badRows == 1 ? "" : "s") + " skipped ("
                + String.join("; ", badRowReasons) + (badRows > badRowReasons.size() ? "; ..." : "") + ")";
    }
}
