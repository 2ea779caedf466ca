package io.kubegpt.trainer.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes that are all-or-nothing: content goes to a temporary sibling, is flushed to disk, then renamed over the
 * target, so an interrupted write leaves either the old file or none, never a truncated one under the real name.
 */
public final class AtomicFiles {

    /** Fills a freshly created file. */
    public interface ChannelWriter {
        void writeTo(FileChannel channel) throws IOException;
    }

    /** Fills a fresh, empty folder. */
    public interface FolderWriter {
        void writeInto(Path folder) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, ChannelWriter content) throws IOException {
        try (Pending pending = new Pending(target)) {
            content.writeTo(pending.channel());
            pending.commit();
        }
    }

    /**
     * A file being written in its temporary sibling: {@link #commit} flushes it and renames it over the target;
     * closed without a commit, it leaves nothing.
     */
    public static final class Pending implements java.io.Closeable {
        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private boolean committed;

        public Pending(Path target) throws IOException {
            this.target = target;
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        public FileChannel channel() {
            return channel;
        }

        public void commit() throws IOException {
            channel.force(true);
            channel.close();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = true;
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                channel.close();
                Files.deleteIfExists(temp);
            }
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        write(target, channel -> {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        });
    }

    /** Replaces a folder by one that {@code fill} writes completely first. */
    public static void replaceFolder(Path target, FolderWriter fill) throws IOException {
        Path temp = Files.createTempDirectory(target.getParent(), "." + target.getFileName());
        try {
            fill.writeInto(temp);
            deleteRecursively(target);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteRecursively(temp);
        }
    }

    /**
     * Deletes the temporary siblings that interrupted writes of {@code target} left behind: a process killed, or
     * stopped on request, in the middle of a write runs no cleanup.
     */
    public static void removeLeftovers(Path target) throws IOException {
        // the names Files.createTempFile and createTempDirectory give them above: "." + name + digits [+ ".tmp"]
        Pattern temporary = Pattern.compile("\\." + Pattern.quote(target.getFileName().toString()) + "[0-9]+(\\.tmp)?");
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            for (Path leftover : siblings.filter(p -> temporary.matcher(p.getFileName().toString()).matches())
                    .toList()) {
                deleteRecursively(leftover);
            }
        }
    }

    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
