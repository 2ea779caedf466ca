package io.kubegpt.trainer.tokenizer;

import java.util.Arrays;

/** A growing array of token ids. */
final class TokenBuffer {

    private int[] ids;
    private int size;

    TokenBuffer(int initialCapacity) {
        ids = new int[Math.max(16, initialCapacity)];
    }

    void append(int[] source, int from, int count) {
        if (size + count > ids.length) {
            ids = Arrays.copyOf(ids, Math.max(ids.length * 2, size + count));
        }
        System.arraycopy(source, from, ids, size, count);
        size += count;
    }

    int[] toArray() {
        return Arrays.copyOf(ids, size);
    }
}
