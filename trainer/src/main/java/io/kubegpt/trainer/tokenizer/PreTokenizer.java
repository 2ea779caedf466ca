package io.kubegpt.trainer.tokenizer;

import java.util.function.Consumer;

/**
 * GPT-2's pre-tokenization: text is cut into words (with their leading space), numbers, punctuation runs and
 * whitespace runs before BPE; merges never cross these pieces. The pieces are exactly the matches of GPT-2's
 * regex {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+} as
 * {@link java.util.regex.Pattern} finds them with {@code UNICODE_CHARACTER_CLASS}, found by a hand-written scanner
 * that allocates nothing (PreTokenizerTest compares the two).
 */
final class PreTokenizer {

    private static final byte LETTER = 0;
    private static final byte NUMBER = 1;
    private static final byte OTHER = 2;
    private static final byte SPACE = 3;
    private static final byte[] ASCII_CLASSES = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            ASCII_CLASSES[c] = classify(c);
        }
    }

    private PreTokenizer() {
    }

    static void forEachPiece(String text, Consumer<String> action) {
        for (int start = 0, end; start < text.length(); start = end) {
            end = pieceEnd(text, start);
            action.accept(text.substring(start, end));
        }
    }

    /** The end (exclusive) of the piece that starts at {@code start}, which is below {@code text.length()}. */
    static int pieceEnd(String text, int start) {
        int length = text.length();
        char c = text.charAt(start);
        if (c == '\'') {
            int contraction = contractionLength(text, start + 1);
            if (contraction > 0) {
                return start + 1 + contraction;
            }
        }
        if (c == ' ' && start + 1 < length) {
            byte next = classAt(text, start + 1);
            if (next != SPACE) {
                return runEnd(text, start + 1, next);
            }
        }
        byte kind = classAt(text, start);
        if (kind != SPACE) {
            return runEnd(text, start, kind);
        }
        int end = runEnd(text, start, SPACE);
        // \s+(?!\S): a run followed by a non-space leaves its last character to the next piece (as " word");
        // a single such character is \s+ on its own. Every White_Space character is one UTF-16 unit.
        return end == length || end - start == 1 ? end : end - 1;
    }

    /** 's 't 'm 'd 're 've 'll after the apostrophe at {@code at - 1}: the characters after it, or 0. */
    private static int contractionLength(String text, int at) {
        if (at >= text.length()) {
            return 0;
        }
        char first = text.charAt(at);
        if (first == 's' || first == 't' || first == 'm' || first == 'd') {
            return 1;
        }
        if (at + 1 < text.length()) {
            char second = text.charAt(at + 1);
            if ((first == 'r' || first == 'v') && second == 'e' || first == 'l' && second == 'l') {
                return 2;
            }
        }
        return 0;
    }

    private static int runEnd(String text, int start, byte kind) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c < 128) {
                if (ASCII_CLASSES[c] != kind) {
                    break;
                }
                i++;
            } else {
                int codePoint = Character.codePointAt(text, i);
                if (classify(codePoint) != kind) {
                    break;
                }
                i += Character.charCount(codePoint);
            }
        }
        return i;
    }

    private static byte classAt(String text, int i) {
        char c = text.charAt(i);
        return c < 128 ? ASCII_CLASSES[c] : classify(Character.codePointAt(text, i));
    }

    /** \p{L}, \p{N}, \s (the White_Space property, as Pattern's UNICODE_CHARACTER_CLASS has it) or none of them. */
    private static byte classify(int codePoint) {
        switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER:
                return LETTER;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER:
                return NUMBER;
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR:
                return SPACE;
            default:
                return codePoint >= 0x9 && codePoint <= 0xD || codePoint == 0x85 ? SPACE : OTHER;
        }
    }
}
