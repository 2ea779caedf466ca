package io.kubegpt.trainer.data;

import io.kubegpt.trainer.InvalidInputException;

/**
 * Where the validation part of a corpus starts: the tail holding about {@code fraction} of the characters,
 * cut at the paragraph start (after a blank line) nearest that point, so no paragraph is split between training
 * and validation. A corpus without blank lines is cut at a line start; one without line breaks at the exact
 * character (never inside a surrogate pair).
 */
final class CorpusSplit {

    static final String FIELD = "spec.data.validationFraction";
    /** The largest fraction the custom resource's schema allows. */
    static final double MAX_FRACTION = 0.5;

    private CorpusSplit() {
    }

    static int validationStart(String text, double fraction) {
        if (!(fraction > 0 && fraction <= MAX_FRACTION)) {
            throw new InvalidInputException(FIELD,
                    "validation fraction " + fraction + " is not in (0, " + MAX_FRACTION + "]");
        }
        if (text.isEmpty()) {
            return text.length();
        }
        int target = (int) Math.round(text.length() * (1 - fraction));
        int cut = nearestBoundary(text, target, "\n\n");
        if (cut < 0) {
            cut = nearestBoundary(text, target, "\n");
        }
        if (cut < 0) {
            cut = Character.isLowSurrogate(text.charAt(Math.min(target, text.length() - 1))) ? target - 1 : target;
        }
        return cut;
    }

    /** The index just after the separator run nearest {@code target}, or -1 when the separator never occurs. */
    private static int nearestBoundary(String text, int target, String separator) {
        int best = -1;
        for (int at = text.indexOf(separator); at >= 0; at = text.indexOf(separator, at + 1)) {
            int start = at + separator.length();
            while (start < text.length() && text.charAt(start) == '\n') {
                start++;
            }
            if (start >= text.length()) {
                break;
            }
            if (best < 0 || Math.abs(start - target) < Math.abs(best - target)) {
                best = start;
            }
            if (start > target) {
                break;
            }
            at = start - 1;
        }
        return best;
    }
}
