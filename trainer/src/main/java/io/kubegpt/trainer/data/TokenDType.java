package io.kubegpt.trainer.data;

/** How token ids are stored in {@code train.bin} and {@code val.bin}: little-endian, no header. */
public enum TokenDType {
    UINT16(2),
    INT32(4);

    private final int bytes;

    TokenDType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** The narrowest type that holds every id of a vocabulary of this size. */
    public static TokenDType forVocabSize(int vocabSize) {
        return vocabSize <= 1 << 16 ? UINT16 : INT32;
    }

    /** The name meta.json uses, as numpy spells it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static TokenDType ofLabel(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
