package io.kubegpt.trainer.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded English-like documents for tokenizer benchmarks: sentences of words drawn from a Zipf distribution
 * over 100 common English words followed by {@value #INVENTED_WORDS} invented ones, so the number of distinct
 * words grows with the text as in real prose and a word cache cannot hold them all. Mixed in: capitals,
 * contractions, numbers, prices, quotes, brackets, hyphens, lists, tabs, double spaces and non-English words
 * (accents, combining marks, Cyrillic, Greek, CJK, emoji). Each document ends with one newline after a
 * non-space and starts with a non-space, so encoding the documents one by one gives the ids of their
 * concatenation.
 */
final class EnglishLikeText {

    private static final int INVENTED_WORDS = 200_000;
    private static final String[] COMMON = (
            "the of and to a in is it that was for on are with as he be at by this had not but from or have "
            + "an they which one you were her all she there would their we him been has when who will more no "
            + "if out so said what up its about into than them can only other new some could time these two may "
            + "then do first any my now such like our over man me even most made after also did many before must "
            + "through back years where much your way well down").split(" ");
    private static final String[] ONSETS = {
        "", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "y", "z",
        "bl", "br", "ch", "cl", "cr", "dr", "fl", "fr", "gr", "pl", "pr", "sh", "sl", "sp", "st", "str", "th", "tr",
    };
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ea", "ee", "oo", "ou", "y", "io"};
    private static final String[] CODAS = {
        "", "", "", "n", "r", "s", "t", "l", "m", "d", "ng", "nd", "st", "ck", "rt", "ll", "tion", "ment", "ing", "ed",
    };
    private static final String[] FOREIGN = {
        "café", "naïve", "résumé", "Zürich", "São", "piñata", "façade", "Ærø", "straße", "crème", "e\u0301te\u0301",
        "Москва", "привет", "Ελλάδα", "λόγος", "東京", "漢字", "かな", "서울", "مرحبا", "שלום", "नमस्ते",
        "😀", "👩\u200D👩\u200D👧", "🇩🇪", "✓", "€", "½", "Ⅻ", "²", "…", "—",
    };
    private static final String[] CONTRACTIONS = {"'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "n't", "'S"};

    private final Random random;
    private final String[] lexicon;
    private final double[] cumulative;

    private EnglishLikeText(long seed) {
        random = new Random(seed);
        lexicon = Arrays.copyOf(COMMON, COMMON.length + INVENTED_WORDS);
        for (int i = COMMON.length; i < lexicon.length; i++) {
            lexicon[i] = inventWord();
        }
        cumulative = new double[lexicon.length];
        double sum = 0;
        for (int rank = 0; rank < lexicon.length; rank++) {
            sum += 1.0 / (rank + 2.7);
            cumulative[rank] = sum;
        }
    }

    /** Documents whose UTF-8 size adds up to at least {@code utf8Bytes}. */
    static List<String> documents(long seed, long utf8Bytes) {
        EnglishLikeText text = new EnglishLikeText(seed);
        List<String> documents = new ArrayList<>();
        for (long size = 0; size < utf8Bytes; ) {
            String document = text.document();
            documents.add(document);
            size += document.getBytes(StandardCharsets.UTF_8).length;
        }
        return documents;
    }

    private String inventWord() {
        StringBuilder word = new StringBuilder();
        int syllables = 1 + random.nextInt(3) + (random.nextInt(4) == 0 ? 1 : 0);
        for (int s = 0; s < syllables; s++) {
            word.append(pick(ONSETS)).append(pick(VOWELS)).append(pick(CODAS));
        }
        return word.toString();
    }

    private String document() {
        StringBuilder out = new StringBuilder();
        out.append(capitalize(word())).append(' ').append(word()).append('\n');
        int paragraphs = 1 + random.nextInt(6);
        for (int p = 0; p < paragraphs; p++) {
            out.append(random.nextInt(10) == 0 ? "\t" : "\n");
            if (random.nextInt(8) == 0) {
                list(out);
            } else {
                paragraph(out);
            }
            out.append('\n');
        }
        out.setLength(out.length() - 1);
        return out.append(".\n").toString();
    }

    private void list(StringBuilder out) {
        int items = 2 + random.nextInt(4);
        for (int i = 0; i < items; i++) {
            out.append(random.nextBoolean() ? "- " : (i + 1) + ". ");
            sentence(out, 3 + random.nextInt(6));
            out.append('\n');
        }
        paragraph(out);
    }

    private void paragraph(StringBuilder out) {
        int sentences = 2 + random.nextInt(7);
        for (int s = 0; s < sentences; s++) {
            if (s > 0) {
                out.append(random.nextInt(20) == 0 ? "  " : " ");
            }
            sentence(out, 4 + random.nextInt(22));
            out.append(pick(".", ".", ".", ".", ".", "?", "!", "...", ":"));
        }
    }

    private void sentence(StringBuilder out, int words) {
        boolean quoted = random.nextInt(12) == 0;
        if (quoted) {
            out.append(pick("\"", "\u201C", "'"));
        }
        out.append(capitalize(word()));
        for (int w = 1; w < words; w++) {
            int roll = random.nextInt(100);
            if (roll < 6) {
                out.append(',');
            } else if (roll < 7) {
                out.append(pick(";", " -", " --", " (", ":"));
            }
            out.append(' ');
            appendToken(out);
        }
        if (quoted) {
            out.append(pick("\"", "\u201D", "'"));
        }
    }

    private void appendToken(StringBuilder out) {
        int roll = random.nextInt(1000);
        if (roll < 20) {
            out.append(number());
        } else if (roll < 35) {
            out.append(pick(FOREIGN));
        } else if (roll < 55) {
            out.append(word()).append(pick(CONTRACTIONS));
        } else if (roll < 65) {
            out.append(word()).append('-').append(word());
        } else if (roll < 85) {
            out.append(capitalize(word()));
        } else if (roll < 88) {
            out.append(word().toUpperCase(Locale.ROOT));
        } else {
            out.append(word());
        }
    }

    private String number() {
        return switch (random.nextInt(6)) {
            case 0 -> Integer.toString(1700 + random.nextInt(330));
            case 1 -> "$" + random.nextInt(1000) + "." + String.format(Locale.ROOT, "%02d", random.nextInt(100));
            case 2 -> random.nextInt(101) + "%";
            case 3 -> String.format(Locale.ROOT, "%,d", random.nextInt(10_000_000));
            case 4 -> random.nextInt(24) + ":" + String.format(Locale.ROOT, "%02d", random.nextInt(60));
            default -> Integer.toString(random.nextInt(100));
        };
    }

    private String word() {
        int rank = Arrays.binarySearch(cumulative, random.nextDouble() * cumulative[cumulative.length - 1]);
        return lexicon[rank >= 0 ? rank : -rank - 1];
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
