package io.kubegpt.trainer.tokenizer;

import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2's pre-tokenization: text is cut into words (with their leading space), numbers, punctuation runs and
 * whitespace runs before BPE; merges never cross these pieces. Unicode character classes, as in GPT-2's regex.
 */
final class PreTokenizer {

    private static final Pattern GPT2_PATTERN = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private PreTokenizer() {
    }

    static void forEachPiece(String text, Consumer<String> action) {
        Matcher m = GPT2_PATTERN.matcher(text);
        while (m.find()) {
            action.accept(m.group());
        }
    }
}
