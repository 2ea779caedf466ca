package io.kubegpt.trainer.tokenizer;

/**
 * GPT-2's reversible byte-to-character table ({@code bytes_to_unicode} in its encoder.py): printable Latin-1
 * bytes stand for themselves, the other 68 bytes (controls, space, ...) are shifted to code points from 256 on,
 * so every byte sequence has a printable, whitespace-free spelling in {@code vocab.json} and {@code merges.txt}.
 */
final class ByteLevelAlphabet {

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + shifted++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevelAlphabet() {
    }

    static char charOf(int unsignedByte) {
        return BYTE_TO_CHAR[unsignedByte];
    }

    /** The spelling of a byte sequence, one character per byte. */
    static String spell(byte[] bytes) {
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(chars);
    }

    /** The bytes a spelling stands for, or null when it contains a character outside the alphabet. */
    static byte[] bytesOf(String spelling) {
        byte[] bytes = new byte[spelling.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = spelling.charAt(i);
            if (c >= CHAR_TO_BYTE.length || CHAR_TO_BYTE[c] < 0) {
                return null;
            }
            bytes[i] = (byte) CHAR_TO_BYTE[c];
        }
        return bytes;
    }
}
