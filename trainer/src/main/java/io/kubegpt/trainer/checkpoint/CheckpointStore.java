package io.kubegpt.trainer.checkpoint;

import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.trainer.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A folder of checkpoints, {@code step-00001000/} each, and a {@code latest} file naming the newest complete one.
 * A checkpoint is written into a hidden temporary folder, flushed to disk, renamed into place, and only then does
 * {@code latest} move to it (itself replaced by an atomic rename): a process killed at any moment leaves the
 * previous checkpoint and pointer intact. Only the newest {@code keepLast} checkpoints are kept.
 */
public final class CheckpointStore {

    private static final String TEMP_PREFIX = ".tmp-";

    /** A checkpoint written: its folder, the bytes of its files, and the time from start to {@code latest} moved. */
    public record Saved(Path folder, long bytes, long nanos) {
    }

    /** Writes a checkpoint's files into the (empty) folder it is given. */
    @FunctionalInterface
    public interface Writer {
        void write(Path folder) throws IOException;
    }

    private final Path root;
    private final int keepLast;

    public CheckpointStore(Path root, int keepLast) {
        if (keepLast < 1) {
            throw new IllegalArgumentException("keepLast must be at least 1, was " + keepLast);
        }
        this.root = root;
        this.keepLast = keepLast;
    }

    public Path root() {
        return root;
    }

    /** Writes the checkpoint of {@code step}, makes it the latest and deletes those beyond {@code keepLast}. */
    public Saved save(long step, Writer writer) {
        long start = System.nanoTime();
        try {
            Files.createDirectories(root);
            removeLeftoverTemporaries();
            Path temp = root.resolve(TEMP_PREFIX + RunLayout.checkpointFolder(step) + "-" + UUID.randomUUID());
            Files.createDirectory(temp);
            writer.write(temp);
            long bytes = syncTree(temp);
            Path target = root.resolve(RunLayout.checkpointFolder(step));
            if (Files.exists(target)) {
                AtomicFiles.deleteRecursively(target);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(root);
            pointLatestAt(target);
            long nanos = System.nanoTime() - start;
            prune();
            return new Saved(target, bytes, nanos);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint of step " + step + " under " + root, e);
        }
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Path> latest() {
        Path pointer = root.resolve(RunLayout.LATEST);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        try {
            Path folder = root.resolve(Files.readString(pointer, StandardCharsets.UTF_8).trim());
            return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The complete checkpoint of exactly {@code step}, if kept. */
    public Optional<Path> atStep(long step) {
        Path folder = root.resolve(RunLayout.checkpointFolder(step));
        return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
    }

    /** Kept checkpoints, oldest first. */
    public List<Path> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(p -> p.getFileName().toString().startsWith(RunLayout.CHECKPOINT_PREFIX) && Files.isDirectory(p))
                    .sorted(Comparator.comparingLong(CheckpointStore::stepOf))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static long stepOf(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring(RunLayout.CHECKPOINT_PREFIX.length()));
    }

    private void pointLatestAt(Path checkpoint) throws IOException {
        AtomicFiles.writeString(root.resolve(RunLayout.LATEST), checkpoint.getFileName().toString() + "\n");
        syncDirectory(root);
    }

    private void prune() throws IOException {
        List<Path> kept = list();
        Path latest = latest().orElse(null);
        for (Path old : kept.subList(0, Math.max(0, kept.size() - keepLast))) {
            if (!old.equals(latest)) {
                AtomicFiles.deleteRecursively(old);
            }
        }
    }

    private void removeLeftoverTemporaries() throws IOException {
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : children.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).toList()) {
                AtomicFiles.deleteRecursively(child);
            }
        }
    }

    /** Flushes every file and folder under {@code folder} to disk; returns the bytes of its files. */
    private static long syncTree(Path folder) throws IOException {
        long bytes = 0;
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.toList()) {
                if (Files.isDirectory(path)) {
                    syncDirectory(path);
                } else {
                    syncFile(path);
                    bytes += Files.size(path);
                }
            }
        }
        return bytes;
    }

    private static void syncFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void syncDirectory(Path folder) {
        // Linux flushes a directory's entries when it is opened read-only and forced; other systems may refuse.
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // not supported here: the rename is still atomic, only its durability across power loss is weaker
        }
    }

}
