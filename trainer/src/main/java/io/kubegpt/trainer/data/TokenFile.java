package io.kubegpt.trainer.data;

import io.kubegpt.trainer.files.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A token stream on disk ({@code train.bin}, {@code val.bin}): ids back to back, little-endian, in the width of
 * its {@link TokenDType}, read through memory maps so a large corpus is paged in on demand rather than loaded.
 */
public final class TokenFile {

    /** Bytes per mapping: a power of two, so no id straddles two maps. */
    private static final int MAP_BYTES = 1 << 30;

    private final Path path;
    private final TokenDType dtype;
    private final long size;
    private final MappedByteBuffer[] maps;

    private TokenFile(Path path, TokenDType dtype, long size, MappedByteBuffer[] maps) {
        this.path = path;
        this.dtype = dtype;
        this.size = size;
        this.maps = maps;
    }

    public static TokenFile open(Path path, TokenDType dtype) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long bytes = channel.size();
            if (bytes % dtype.bytes() != 0) {
                throw new IOException(path + " has " + bytes + " bytes, not a whole number of " + dtype.label() + " ids");
            }
            MappedByteBuffer[] maps = new MappedByteBuffer[(int) ((bytes + MAP_BYTES - 1) / MAP_BYTES)];
            for (int i = 0; i < maps.length; i++) {
                long offset = (long) i * MAP_BYTES;
                maps[i] = channel.map(FileChannel.MapMode.READ_ONLY, offset, Math.min(MAP_BYTES, bytes - offset));
                maps[i].order(ByteOrder.LITTLE_ENDIAN);
            }
            return new TokenFile(path, dtype, bytes / dtype.bytes(), maps);
        }
    }

    /** Writes {@code ids} to {@code path} atomically (see {@link AtomicFiles}) and opens the result. */
    public static TokenFile write(Path path, int[] ids, TokenDType dtype) throws IOException {
        try (Writer writer = new Writer(path, dtype)) {
            writer.append(ids);
            return writer.commit();
        }
    }

    /** Appends ids to a new token file, which appears under its name complete, on {@link #commit}, or not at all. */
    public static final class Writer implements java.io.Closeable {
        private final Path path;
        private final TokenDType dtype;
        private final AtomicFiles.Pending file;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        public Writer(Path path, TokenDType dtype) throws IOException {
            this.path = path;
            this.dtype = dtype;
            file = new AtomicFiles.Pending(path);
        }

        public void append(int[] ids) throws IOException {
            for (int id : ids) {
                if (dtype == TokenDType.UINT16) {
                    if (id < 0 || id > 0xFFFF) {
                        throw new IllegalArgumentException("token id " + id + " does not fit uint16");
                    }
                    buffer.putShort((short) id);
                } else {
                    buffer.putInt(id);
                }
                if (!buffer.hasRemaining()) {
                    drain();
                }
            }
        }

        public TokenFile commit() throws IOException {
            drain();
            file.commit();
            return open(path, dtype);
        }

        private void drain() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                file.channel().write(buffer);
            }
            buffer.clear();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    /** Number of tokens. */
    public long size() {
        return size;
    }

    public int get(long index) {
        long byteOffset = index * dtype.bytes();
        MappedByteBuffer map = maps[(int) (byteOffset / MAP_BYTES)];
        int within = (int) (byteOffset % MAP_BYTES);
        return dtype == TokenDType.UINT16 ? Short.toUnsignedInt(map.getShort(within)) : map.getInt(within);
    }

    /** The {@code length} tokens from {@code start}. */
    public int[] window(long start, int length) {
        if (start < 0 || start + length > size) {
            throw new IndexOutOfBoundsException("window " + start + "+" + length + " outside " + size + " tokens");
        }
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = get(start + i);
        }
        return out;
    }

    public Path path() {
        return path;
    }

    public TokenDType dtype() {
        return dtype;
    }
}
