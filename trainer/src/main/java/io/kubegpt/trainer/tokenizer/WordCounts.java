package io.kubegpt.trainer.tokenizer;

/**
 * How often each pre-tokenized word (GPT-2's pieces) occurs in text fed to it piece by piece: all that BPE training
 * needs of a corpus, so the corpus itself is never held. An open-addressing table that looks a piece up where it
 * lies in the text and makes a string of it only the first time it is seen: counting a corpus allocates about as
 * much as its distinct words. Not thread-safe: count per thread and {@link #addAll}.
 */
public final class WordCounts {

    private String[] words = new String[1 << 12];
    private long[] counts = new long[words.length];
    private int distinct;
    private long total;

    public void add(String text) {
        for (int start = 0, end; start < text.length(); start = end) {
            end = PreTokenizer.pieceEnd(text, start);
            increment(text, start, end, 1);
        }
    }

    public void addAll(WordCounts other) {
        for (int i = 0; i < other.words.length; i++) {
            if (other.words[i] != null) {
                increment(other.words[i], 0, other.words[i].length(), other.counts[i]);
            }
        }
    }

    /** Distinct words. */
    public int distinct() {
        return distinct;
    }

    /** Words counted, repeats included. */
    public long total() {
        return total;
    }

    interface WordCount {
        void accept(String word, long count);
    }

    void forEach(WordCount action) {
        for (int i = 0; i < words.length; i++) {
            if (words[i] != null) {
                action.accept(words[i], counts[i]);
            }
        }
    }

    private void increment(String text, int start, int end, long by) {
        int mask = words.length - 1;
        int slot = hash(text, start, end) & mask;
        while (words[slot] != null && !matches(words[slot], text, start, end)) {
            slot = (slot + 1) & mask;
        }
        if (words[slot] == null) {
            words[slot] = start == 0 && end == text.length() ? text : text.substring(start, end);
            distinct++;
        }
        counts[slot] += by;
        total += by;
        if (distinct * 2 > words.length) {
            grow();
        }
    }

    private static boolean matches(String word, String text, int start, int end) {
        return word.length() == end - start && text.regionMatches(start, word, 0, word.length());
    }

    private static int hash(String text, int start, int end) {
        int h = PieceCache.hash(text, start, end);
        return h ^ (h >>> 16);
    }

    private void grow() {
        String[] oldWords = words;
        long[] oldCounts = counts;
        words = new String[oldWords.length * 2];
        counts = new long[words.length];
        int mask = words.length - 1;
        for (int i = 0; i < oldWords.length; i++) {
            if (oldWords[i] != null) {
                int slot = hash(oldWords[i], 0, oldWords[i].length()) & mask;
                while (words[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                words[slot] = oldWords[i];
                counts[slot] = oldCounts[i];
            }
        }
    }
}
