package io.kubegpt.trainer.tokenizer;

import java.util.function.Consumer;

/**
 * The BPE trainer's pair statistics by pair key ({@link BpeTrainer#key}): open addressing on primitive keys, so
 * the millions of look-ups a training makes allocate nothing. Entries are never removed (a pair no word holds
 * any more keeps a count of 0 and an empty word list), so there is no deletion to get wrong.
 */
final class PairTable {

    /** How often a pair occurs, and the words that hold it (perhaps no longer: stale entries are skipped). */
    static final class Pair {
        final long key;
        long count;
        int[] words = new int[4];
        int wordCount;
        /** The merge that last touched it, so a merge collects each touched pair once. */
        int touchedBy = -1;

        Pair(long key) {
            this.key = key;
        }

        int left() {
            return (int) (key >>> 32);
        }

        int right() {
            return (int) key;
        }

        void addWord(int word) {
            if (wordCount == words.length) {
                words = java.util.Arrays.copyOf(words, wordCount * 2);
            }
            words[wordCount++] = word;
        }

        /** Called once no word holds the pair: drops its word list. */
        void clearWords() {
            words = new int[4];
            wordCount = 0;
        }
    }

    private long[] keys = new long[1 << 16];
    private Pair[] pairs = new Pair[keys.length];
    private int size;

    PairTable() {
        java.util.Arrays.fill(keys, -1);
    }

    Pair get(long key) {
        return pairs[slot(keys, key)];
    }

    Pair getOrCreate(long key) {
        int slot = slot(keys, key);
        if (pairs[slot] == null) {
            keys[slot] = key;
            pairs[slot] = new Pair(key);
            if (++size * 2 > keys.length) {
                grow();
                return get(key);
            }
        }
        return pairs[slot];
    }

    /** Pairs some word still holds. */
    void forEachLive(Consumer<Pair> action) {
        for (Pair pair : pairs) {
            if (pair != null && pair.count > 0) {
                action.accept(pair);
            }
        }
    }

    int size() {
        return size;
    }

    private static int slot(long[] keys, long key) {
        int mask = keys.length - 1;
        int slot = LongLongMap.home(key, 64 - Integer.numberOfTrailingZeros(keys.length));
        while (keys[slot] != key && keys[slot] != -1) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldKeys = keys;
        Pair[] oldPairs = pairs;
        keys = new long[oldKeys.length * 2];
        java.util.Arrays.fill(keys, -1);
        pairs = new Pair[keys.length];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldPairs[i] != null) {
                int slot = slot(keys, oldKeys[i]);
                keys[slot] = oldKeys[i];
                pairs[slot] = oldPairs[i];
            }
        }
    }
}
