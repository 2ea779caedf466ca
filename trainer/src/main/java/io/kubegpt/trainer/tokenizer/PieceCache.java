package io.kubegpt.trainer.tokenizer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The ids of recently encoded pieces, looked up by a region of the text being encoded without copying it out.
 * Direct-mapped: each piece has one slot, and a new piece overwrites the one there, so the cache never stops
 * serving the frequent pieces of a large corpus the way a cache that empties itself when full would. An entry is
 * one array, {@code [length, the piece's chars..., its ids...]}, so a lookup follows one reference.
 * Thread-safe without locks: an entry is filled before it is published with a release store and never written
 * again, and a reader loads it with an acquire load, so it sees either the old or the new entry of a slot, whole.
 */
final class PieceCache {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(int[][].class);

    private final int[][] slots;
    private final int shift;

    /** @param log2Slots the number of slots as a power of two */
    PieceCache(int log2Slots) {
        slots = new int[1 << log2Slots][];
        shift = 32 - log2Slots;
    }

    /** Appends the ids cached for {@code text[start, end)} to {@code out}; false when they are not cached. */
    boolean appendCached(String text, int start, int end, TokenBuffer out) {
        int length = end - start;
        int[] entry = (int[]) SLOT.getAcquire(slots, slot(text, start, end));
        if (entry == null || entry[0] != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (entry[1 + i] != text.charAt(start + i)) {
                return false;
            }
        }
        out.append(entry, 1 + length, entry.length - 1 - length);
        return true;
    }

    void put(String text, int start, int end, int[] ids, int idCount) {
        int length = end - start;
        int[] entry = new int[1 + length + idCount];
        entry[0] = length;
        for (int i = 0; i < length; i++) {
            entry[1 + i] = text.charAt(start + i);
        }
        System.arraycopy(ids, 0, entry, 1 + length, idCount);
        SLOT.setRelease(slots, slot(text, start, end), entry);
    }

    private int slot(String text, int start, int end) {
        return (hash(text, start, end) * 0x9E3779B9) >>> shift;
    }

    /** {@link String#hashCode} of {@code text[start, end)}, without the copy. */
    static int hash(String text, int start, int end) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        return hash;
    }
}
