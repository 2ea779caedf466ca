package io.kubegpt.trainer.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * English-like text of any size, for preparation at scale: lines of words drawn with a Zipf-like skew from a
 * vocabulary of 60,000 made-up words (plus numbers and punctuation), so the tokenizer meets new words throughout
 * as in real text. Every line starts with its number ({@code L123: }) and is a function of that number alone, so
 * any piece of the text can be checked against {@link #line}. A blank line follows every 20th line.
 */
public final class SyntheticCorpus {

    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "sa", "te", "vi", "wo", "zu", "ba", "de",
        "fi", "go", "hu", "ja", "ke", "li", "mo", "nu", "pa", "qui", "re", "si", "to", "ul", "ver", "xa", "yo", "zen",
        "the", "and", "ing", "tion", "er", "an", "st", "ch"};
    private static final int VOCABULARY = 60_000;
    private static final String[] WORDS = new String[VOCABULARY];

    static {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < VOCABULARY; i++) {
            StringBuilder word = new StringBuilder();
            int syllables = 1 + random.nextInt(i < 100 ? 2 : 4);
            for (int s = 0; s < syllables; s++) {
                word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            WORDS[i] = word.toString();
        }
    }

    private SyntheticCorpus() {
    }

    static String line(long number) {
        SplittableRandom random = new SplittableRandom(number * 0x2545F4914F6CDD1DL ^ 0x5DEECE66DL);
        StringBuilder line = new StringBuilder("L").append(number).append(':');
        int words = 8 + random.nextInt(25);
        for (int w = 0; w < words; w++) {
            line.append(' ');
            double u = random.nextDouble();
            if (u < 0.03) {
                line.append(random.nextInt(100_000));
            } else {
                // rank ~ VOCABULARY^u2: a few words very often, most rarely
                int rank = (int) Math.pow(VOCABULARY, random.nextDouble()) - 1;
                String word = WORDS[rank];
                line.append(u < 0.1 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
            }
            if (random.nextInt(12) == 0) {
                line.append(random.nextBoolean() ? "," : ".");
            }
        }
        return line.toString();
    }

    /** Writes lines 0, 1, ... until {@code file} holds at least {@code bytes}; returns the number of lines. */
    public static long write(Path file, long bytes) throws IOException {
        long written = 0;
        long number = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (written < bytes) {
                String line = line(number) + (number % 20 == 19 ? "\n\n" : "\n");
                out.write(line);
                written += line.length();
                number++;
            }
        }
        return number;
    }

    /** {@code java -cp ... SyntheticCorpus FILE MEGABYTES} */
    public static void main(String[] args) throws IOException {
        long lines = write(Path.of(args[0]), Long.parseLong(args[1]) << 20);
        System.out.println("wrote " + lines + " lines to " + args[0]);
    }
}
