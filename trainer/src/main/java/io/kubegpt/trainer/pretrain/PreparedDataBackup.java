package io.kubegpt.trainer.pretrain;

import io.kubegpt.trainer.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The prepared data folder of an output that holds checkpoints, set aside while a run prepares its own data into
 * the same folder, so that a refused resume puts back the data the checkpoints were trained on. The backup is
 * hard links to the folder's files (copies where the file system has no links): the preparation replaces a file
 * by renaming a new one over it and never writes into an existing one, so a link keeps the old content at no
 * cost. It is complete or absent: it is linked under a temporary name and renamed into place.
 *
 * <p>A backup left by an attempt that died before its resume check is kept as it is, not taken again: it holds
 * the data from before that attempt, which may have left the folder half-prepared.
 */
final class PreparedDataBackup {

    private final Path data;
    private final Path backup;

    PreparedDataBackup(Path data) {
        this.data = data;
        this.backup = data.resolveSibling("." + data.getFileName() + "-before-resume");
    }

    /** Sets the data folder's files aside, unless a backup is left or there is no data folder. */
    void take() {
        if (Files.exists(backup) || !Files.isDirectory(data)) {
            return;
        }
        Path temp = backup.resolveSibling(backup.getFileName() + ".tmp");
        try {
            AtomicFiles.deleteRecursively(temp);
            linkTree(temp);
            Files.move(temp, backup, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set " + data + " aside in " + backup, e);
        }
    }

    /** Puts the data that was set aside back in place of the data folder. */
    void restore() {
        if (!Files.exists(backup)) {
            return;
        }
        try {
            AtomicFiles.deleteRecursively(data);
            Files.move(backup, data, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put " + backup + " back as " + data, e);
        }
    }

    /** Drops the backup: the run goes on with the data it prepared. */
    void discard() {
        try {
            AtomicFiles.deleteRecursively(backup);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + backup, e);
        }
    }

    private void linkTree(Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(data)) {
            for (Path path : paths.toList()) {
                Path copy = target.resolve(data.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    link(copy, path);
                }
            }
        }
    }

    private static void link(Path link, Path existing) throws IOException {
        try {
            Files.createLink(link, existing);
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            Files.copy(existing, link, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }
}
