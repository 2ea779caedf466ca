package io.kubegpt.trainer.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One document of a corpus: a file (read when needed, never held whole) or text in memory (the sample corpus).
 *
 * @param name     what a message calls it: the file's path, or a label
 * @param file     the file, or null for text in memory
 * @param content  the UTF-8 text in memory, or null for a file
 * @param size     bytes
 * @param modified the file's modification time in milliseconds (0 in memory)
 */
record CorpusDocument(String name, Path file, byte[] content, long size, long modified) {

    static CorpusDocument of(Path file) throws IOException {
        return new CorpusDocument(file.toString(), file, null, Files.size(file),
                Files.getLastModifiedTime(file).toMillis());
    }

    static CorpusDocument inMemory(String name, byte[] content) {
        return new CorpusDocument(name, null, content, content.length, 0);
    }

    /** Reads from {@code offset} on. */
    InputStream open(long offset) throws IOException {
        if (file == null) {
            return new ByteArrayInputStream(content, (int) offset, content.length - (int) offset);
        }
        InputStream in = Files.newInputStream(file);
        in.skipNBytes(offset);
        return in;
    }
}
