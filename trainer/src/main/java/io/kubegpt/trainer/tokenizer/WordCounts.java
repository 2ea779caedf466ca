package io.kubegpt.trainer.tokenizer;

import java.util.HashMap;
import java.util.Map;

/**
 * How often each pre-tokenized word (GPT-2's pieces) occurs in text fed to it piece by piece: all that BPE training
 * needs of a corpus, so the corpus itself is never held. Not thread-safe: count per thread and {@link #addAll}.
 */
public final class WordCounts {

    private final Map<String, long[]> counts = new HashMap<>();
    private long words;

    public void add(String text) {
        PreTokenizer.forEachPiece(text, piece -> {
            counts.computeIfAbsent(piece, k -> new long[1])[0]++;
            words++;
        });
    }

    public void addAll(WordCounts other) {
        other.counts.forEach((word, count) -> counts.computeIfAbsent(word, k -> new long[1])[0] += count[0]);
        words += other.words;
    }

    /** Distinct words. */
    public int distinct() {
        return counts.size();
    }

    /** Words counted, repeats included. */
    public long total() {
        return words;
    }

    Map<String, long[]> asMap() {
        return counts;
    }
}
