package io.kubegpt.trainer.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The scanner cuts text exactly where GPT-2's regex does. */
class PreTokenizerTest {

    private static final Pattern GPT2_PATTERN = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private static final String[] FRAGMENTS = {
        "Hello", "world", "don", "'t", "'s", "'re", "'ve", "'m", "'ll", "'d", "'S", "'LL", "'l", "'r", "'v", "'",
        "''", "'x", "café", "e\u0301", "\u0301", "naïve", "Москва", "東京", "かな", "ǅ", "ʰ", "42", "7", "٣٤", "²",
        "½", "Ⅻ", "3.14", ".", ",", "!?", "...", "—", "\"", "(", ")", "$", "€", "@#", "_", "😀", "👩\u200D👧",
        "🇩🇪", "\uD83D", "\uDE00", "\u200B", "\u001C", "\u0000", " ", " ", "  ", "   ", "\n", "\n\n", "\r\n", "\t",
        " \t", "\t ", "\u00A0", "\u3000", "\u2028", "\u0085", "\u000B", "\u000C", " \n ",
    };

    @Test
    void handPickedCases() {
        for (String text : new String[] {
            "", " ", "  ", "a", " a", "  a", "a  ", "a \n", "\n a", "\n\na", " \ta", "\t a", "I'm", "I 'm",
            "'s'S'll'ssss", "x'", "'", " '", " 'll", "don't", "rock'n'roll", "1,000.50", " 42", "  42 ", "a1b2",
            "Hello world", "hi!!! ok", "😀😀 😀", " 😀", "e\u0301\u0302 x", "\uD83D x \uDE00", "end  ",
        }) {
            assertSamePieces(text);
        }
    }

    @Test
    void randomMixturesOfLettersDigitsApostrophesSpacesAndSymbols() {
        Random random = new Random(3);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(12); i >= 0; i--) {
                text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
            assertSamePieces(text.toString());
        }
    }

    @Test
    void everyCodePointInEveryPosition() {
        String[] contexts = {"a", " ", "1", "'", ".", "\n", "  "};
        for (int block = 0; block <= Character.MAX_CODE_POINT; block += 4096) {
            StringBuilder text = new StringBuilder();
            for (int cp = block; cp < block + 4096; cp++) {
                for (String context : contexts) {
                    text.append(context).appendCodePoint(cp).appendCodePoint(cp);
                }
            }
            assertSamePieces(text.toString());
        }
    }

    /** Names the first piece that differs, with its neighbours (a whole list would be too long to read). */
    private static void assertSamePieces(String text) {
        List<String> actual = pieces(text);
        List<String> expected = regexPieces(text);
        if (!actual.equals(expected)) {
            int at = 0;
            while (at < Math.min(actual.size(), expected.size()) && actual.get(at).equals(expected.get(at))) {
                at++;
            }
            assertThat(window(actual, at)).as("pieces around piece %d", at)
                    .containsExactlyElementsOf(window(expected, at));
        }
    }

    /** The pieces around {@code at}, with characters outside printable ASCII written as \\uXXXX. */
    private static List<String> window(List<String> pieces, int at) {
        List<String> shown = new ArrayList<>();
        for (String piece : pieces.subList(Math.max(0, at - 2), Math.min(pieces.size(), at + 3))) {
            StringBuilder escaped = new StringBuilder();
            piece.chars().forEach(c -> escaped.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c)
                    : String.format("\\u%04X", c)));
            shown.add(escaped.toString());
        }
        return shown;
    }

    private static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        PreTokenizer.forEachPiece(text, pieces::add);
        return pieces;
    }

    private static List<String> regexPieces(String text) {
        List<String> pieces = new ArrayList<>();
        Matcher m = GPT2_PATTERN.matcher(text);
        while (m.find()) {
            pieces.add(m.group());
        }
        return pieces;
    }
}
