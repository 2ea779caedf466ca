package io.kubegpt.trainer.tokenizer;

import java.util.Arrays;

/**
 * A fixed-capacity open-addressing map from non-negative {@code long} keys to {@code long} values, without boxing.
 * {@code Long.hashCode} folds a (left id, right id) pair key to {@code left ^ right}, which collides for most pairs
 * of a 50,000-merge vocabulary; this map mixes all 64 bits instead. Safe for concurrent reads once filled.
 */
final class LongLongMap {

    private static final long EMPTY = -1;

    private final long[] keys;
    private final long[] values;
    private final int shift;
    private int size;

    /** @param capacity the most keys it will hold */
    LongLongMap(int capacity) {
        int slots = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) * 2;
        keys = new long[slots];
        values = new long[slots];
        Arrays.fill(keys, EMPTY);
        shift = 64 - Integer.numberOfTrailingZeros(slots);
    }

    /** Stores {@code value} under {@code key} unless the key is present. */
    void putIfAbsent(long key, long value) {
        if (key < 0) {
            throw new IllegalArgumentException("negative key " + key);
        }
        int slot = find(key);
        if (keys[slot] == key) {
            return;
        }
        if (size == keys.length / 2) {
            throw new IllegalStateException("map is full: " + size + " keys");
        }
        keys[slot] = key;
        values[slot] = value;
        size++;
    }

    /** The value stored under {@code key}, or {@code missing}. */
    long get(long key, long missing) {
        int slot = find(key);
        return keys[slot] == key ? values[slot] : missing;
    }

    /**
     * Where {@code key} goes first in a table of {@code 2^(64 - shift)} slots: the top bits of a multiplicative hash,
     * which depend on all of the key's bits.
     */
    static int home(long key, int shift) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    /** The slot holding {@code key}, or the empty slot where it would go. */
    private int find(long key) {
        int mask = keys.length - 1;
        int slot = home(key, shift);
        while (keys[slot] != key && keys[slot] != EMPTY) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }
}
