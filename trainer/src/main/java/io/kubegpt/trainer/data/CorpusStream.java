package io.kubegpt.trainer.data;

import io.kubegpt.trainer.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A corpus read as one stream of UTF-8 text, its documents joined by a blank line, without ever holding it whole:
 * in {@link Chunk}s of about {@value #CHUNK_BYTES} bytes that end at a line break where the text has one, or as a
 * range of bytes read from anywhere (for the validation split and the tokenizer's sample). Offsets count the
 * stream's bytes, separators included.
 */
final class CorpusStream {

    static final int CHUNK_BYTES = 1 << 20;
    private static final byte[] SEPARATOR = "\n\n".getBytes(StandardCharsets.US_ASCII);

    /** Takes the chunks, in order. */
    interface ChunkSink {
        void accept(Chunk chunk) throws IOException;
    }

    /** A piece of the text and where it lies in the stream. */
    record Chunk(String text, byte[] bytes, long start) {
        long end() {
            return start + bytes.length;
        }
    }

    private final List<CorpusDocument> documents;
    private final String field;
    private final long[] starts;
    private final long size;

    /** @param field the spec field that named the corpus, for the message about text that is not UTF-8 */
    CorpusStream(List<CorpusDocument> documents, String field) {
        this.documents = List.copyOf(documents);
        this.field = field;
        starts = new long[documents.size()];
        long at = 0;
        for (int i = 0; i < documents.size(); i++) {
            at += i == 0 ? 0 : SEPARATOR.length;
            starts[i] = at;
            at += documents.get(i).size();
        }
        size = at;
    }

    long size() {
        return size;
    }

    List<CorpusDocument> documents() {
        return documents;
    }

    /** Up to {@code length} bytes from {@code offset}. */
    byte[] read(long offset, int length) throws IOException {
        byte[] out = new byte[(int) Math.min(length, Math.max(0, size - offset))];
        int filled = 0;
        for (int i = 0; i < documents.size() && filled < out.length; i++) {
            long separatorStart = starts[i] - (i == 0 ? 0 : SEPARATOR.length);
            for (long at = Math.max(offset + filled, separatorStart); at < starts[i] && filled < out.length; at++) {
                out[filled++] = SEPARATOR[(int) (at - separatorStart)];
            }
            long docEnd = starts[i] + documents.get(i).size();
            long from = offset + filled;
            if (filled < out.length && from >= starts[i] && from < docEnd) {
                try (InputStream in = documents.get(i).open(from - starts[i])) {
                    int wanted = (int) Math.min(out.length - filled, docEnd - from);
                    filled += in.readNBytes(out, filled, wanted);
                }
            }
        }
        return filled == out.length ? out : Arrays.copyOf(out, filled);
    }

    /**
     * Hands the whole stream to {@code sink} in order, in chunks of which one starts exactly at {@code boundary}
     * (a line or character boundary, such as the validation split). Each document must be UTF-8 text.
     */
    void chunks(long boundary, ChunkSink sink) throws IOException {
        byte[] block = new byte[CHUNK_BYTES];
        for (int i = 0; i < documents.size(); i++) {
            CorpusDocument document = documents.get(i);
            byte[] pending = i == 0 ? new byte[0] : SEPARATOR;
            long pendingStart = starts[i] - pending.length;
            try (InputStream in = document.open(0)) {
                long left = document.size();
                boolean last = false;
                while (!last) {
                    int read = in.readNBytes(block, 0, (int) Math.min(block.length, left));
                    left -= read;
                    last = left == 0;
                    if (read == 0 && !last || last && in.read() >= 0) {
                        throw new InvalidInputException(field, document.name() + " changed size while being prepared ("
                                + document.size() + " bytes when it was opened)");
                    }
                    byte[] bytes = concat(pending, block, read);
                    int limit = last ? bytes.length : cut(bytes);
                    long forced = boundary - pendingStart;
                    if (forced > 0 && forced < limit) {
                        emit(i, bytes, 0, (int) forced, pendingStart, sink);
                        emit(i, bytes, (int) forced, limit, pendingStart, sink);
                    } else {
                        emit(i, bytes, 0, limit, pendingStart, sink);
                    }
                    pending = Arrays.copyOfRange(bytes, limit, bytes.length);
                    pendingStart += limit;
                }
            }
        }
    }

    private void emit(int document, byte[] bytes, int from, int to, long bytesStart, ChunkSink sink)
            throws IOException {
        if (to <= from) {
            return;
        }
        byte[] piece = Arrays.copyOfRange(bytes, from, to);
        sink.accept(new Chunk(decode(document, piece, bytesStart + from), piece, bytesStart + from));
    }

    /**
     * After the last line break; else before the last space (where GPT-2's pieces start: " word"); else before the
     * last character that starts there.
     */
    private static int cut(byte[] bytes) {
        for (int i = bytes.length - 1; i > 0; i--) {
            if (bytes[i - 1] == '\n') {
                return i;
            }
        }
        for (int i = bytes.length - 1; i > 0; i--) {
            if (bytes[i] == ' ') {
                return i;
            }
        }
        return characterStart(bytes, bytes.length - 1);
    }

    /** The start of the UTF-8 character at {@code index}: never inside one. */
    static int characterStart(byte[] bytes, int index) {
        int i = index;
        while (i > 0 && (bytes[i] & 0xC0) == 0x80) {
            i--;
        }
        return i;
    }

    private String decode(int document, byte[] bytes, long streamOffset) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(field, documents.get(document).name() + " is not UTF-8 text (in its "
                    + "bytes from " + Math.max(0, streamOffset - starts[document]) + ")", e);
        }
    }

    private static byte[] concat(byte[] head, byte[] block, int length) {
        byte[] out = Arrays.copyOf(head, head.length + length);
        System.arraycopy(block, 0, out, head.length, length);
        return out;
    }
}
