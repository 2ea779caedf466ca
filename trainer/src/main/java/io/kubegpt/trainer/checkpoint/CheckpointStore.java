package io.kubegpt.trainer.checkpoint;

import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.TransientFailureException;
import io.kubegpt.trainer.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A folder of checkpoints, {@code step-00001000/} each, and a {@code latest} file naming the newest complete one.
 * A checkpoint is written into a hidden temporary folder with its {@link CheckpointManifest}, flushed to disk,
 * renamed into place, and only then does {@code latest} move to it (itself replaced by an atomic rename): a process
 * killed at any moment leaves the previous checkpoint and pointer intact. A write that fails (a full volume) removes
 * its temporary folder at once. Only the newest {@code keepLast} checkpoints are kept.
 *
 * <p>Writes are fenced by the job's attempt: a store of an older attempt than the one that wrote the latest
 * checkpoint (a trainer on a partitioned node that was replaced) writes nothing, so its checkpoints never replace a
 * newer attempt's. Resuming takes the newest checkpoint that verifies against its manifest ({@link #resumable}).
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
    private final String jobUid;
    private final int attempt;

    /** The store of a run outside a job (attempt 0 of no job), or one only read. */
    public CheckpointStore(Path root, int keepLast) {
        this(root, keepLast, "", 0);
    }

    /** The store {@code attempt} of the job of UID {@code jobUid} writes to. */
    public CheckpointStore(Path root, int keepLast, String jobUid, int attempt) {
        if (keepLast < 1) {
            throw new IllegalArgumentException("keepLast must be at least 1, was " + keepLast);
        }
        this.root = root;
        this.keepLast = keepLast;
        this.jobUid = jobUid;
        this.attempt = attempt;
    }

    public Path root() {
        return root;
    }

    /**
     * Writes the checkpoint of {@code step}, makes it the latest and deletes those beyond {@code keepLast}. A failed
     * write, which may well pass on a retry (a volume that was full, a storage fault), is a
     * {@link TransientFailureException}; so is a write fenced off by a newer attempt.
     */
    public Saved save(long step, Writer writer) {
        long start = System.nanoTime();
        Path temp = null;
        try {
            Files.createDirectories(root);
            removeLeftoverTemporaries();
            temp = root.resolve(TEMP_PREFIX + RunLayout.checkpointFolder(step) + "-" + UUID.randomUUID());
            Files.createDirectory(temp);
            writer.write(temp);
            CheckpointManifest.of(temp, jobUid, attempt).write(temp);
            long bytes = syncTree(temp);
            Path target = root.resolve(RunLayout.checkpointFolder(step));
            // checked last, as close to the renames as it can be: the newer attempt may have written meanwhile
            requireNoNewerAttempt(target);
            if (Files.exists(target)) {
                AtomicFiles.deleteRecursively(target);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(root);
            pointLatestAt(target);
            long nanos = System.nanoTime() - start;
            prune();
            return new Saved(target, bytes, nanos);
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e;
            throw new TransientFailureException("cannot write the checkpoint of step " + step + " under " + root
                    + ": " + cause + removed(temp), e);
        } catch (RuntimeException fencedOrFailed) {
            removed(temp);
            throw fencedOrFailed;
        }
    }

    /** Removes the partial checkpoint {@code temp} (if any) and says so, for the message of the failed write. */
    private static String removed(Path temp) {
        if (temp == null || !Files.exists(temp)) {
            return "";
        }
        try {
            AtomicFiles.deleteRecursively(temp);
            return "; the partial checkpoint " + temp.getFileName() + " was removed";
        } catch (IOException | UncheckedIOException e) {
            return "; the partial checkpoint " + temp + " could not be removed (" + e.getMessage() + ")";
        }
    }

    /** Refuses to write over the latest checkpoint, or a checkpoint of the same step, of a newer attempt. */
    private void requireNoNewerAttempt(Path target) throws IOException {
        for (Path written : new Path[] {latest().orElse(null), target}) {
            if (written == null || !Files.isDirectory(written)) {
                continue;
            }
            Optional<CheckpointManifest> manifest = CheckpointManifest.read(written);
            if (manifest.isPresent() && manifest.get().newerThan(jobUid, attempt)) {
                throw new TransientFailureException("attempt " + attempt + " does not write its checkpoint: "
                        + written + " was written by the newer attempt " + manifest.get().attempt()
                        + ", which replaced this one", null);
            }
        }
    }

    /**
     * The checkpoint to resume: the one {@code latest} names, or, when that one is missing or does not verify
     * against its manifest, the newest older one that does; each checkpoint passed over goes to {@code skipped}
     * with why. Empty when there is no {@code latest}; refused when none of the checkpoints verifies.
     */
    public Optional<Path> resumable(Consumer<String> skipped) {
        Path pointer = root.resolve(RunLayout.LATEST);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        try {
            String named = Files.readString(pointer, StandardCharsets.UTF_8).trim();
            Path folder = root.resolve(named);
            long newest = Long.MAX_VALUE;
            if (Files.isDirectory(folder)) {
                newest = stepOf(folder);
            } else {
                skipped.accept("checkpoint: " + pointer + " names " + named + ", which is not there");
            }
            List<Path> candidates = new ArrayList<>(list());
            Collections.reverse(candidates);
            List<String> problems = new ArrayList<>();
            for (Path candidate : candidates) {
                if (stepOf(candidate) > newest) {
                    continue;
                }
                Optional<String> problem = CheckpointManifest.problem(candidate);
                if (problem.isEmpty()) {
                    return Optional.of(candidate);
                }
                problems.add(candidate.getFileName() + ": " + problem.get());
                skipped.accept("checkpoint: skipping " + candidate + ", which does not verify: " + problem.get());
            }
            throw new InvalidInputException("spec.checkpoint", "no checkpoint under " + root + " verifies"
                    + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")")
                    + ": move the folder away to start over");
        } catch (IOException e) {
            throw new TransientFailureException("cannot read the checkpoints under " + root + ": " + e, e);
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
