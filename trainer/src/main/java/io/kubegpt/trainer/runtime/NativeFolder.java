package io.kubegpt.trainer.runtime;

import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder of native libraries extracted at build time, which {@link NativeLibraries} loads in place. JavaCPP writes
 * it as its cache (one folder per jar, and the links between libraries it makes while loading); the links are then
 * made relative, so the folder still works once moved (Jib stores a link's target as a copy, so the image holds
 * files where the build has links), and the folder is marked complete. Only the ND4J binary of the machine that
 * extracted it is inside.
 */
final class NativeFolder {

    /** Written last: a folder without it is not used. */
    private static final String COMPLETE_MARKER = ".complete";
    /** JavaCPP's and {@link NativeLibraries}'. */
    private static final List<String> LOCK_FILES = List.of(".lock", NativeLibraries.LOCK_FILE);

    private NativeFolder() {
    }

    /**
     * Replaces {@code target} (an earlier extraction, or nothing) by a folder that {@code fill} writes completely
     * first ({@link AtomicFiles#replaceFolder}): a build interrupted at any point leaves the old folder or none.
     *
     * @throws InvalidInputException when {@code target} holds files that no extraction wrote
     */
    static void write(Path target, AtomicFiles.FolderWriter fill) throws IOException {
        if (Files.exists(target)) {
            try (Stream<Path> entries = Files.list(target)) {
                if (!isComplete(target) && entries.findAny().isPresent()) {
                    throw new InvalidInputException("--unpack", target + " holds files that no extraction wrote; "
                            + "choose an empty folder");
                }
            }
        }
        AtomicFiles.replaceFolder(target, folder -> {
            fill.writeInto(folder);
            complete(folder);
        });
    }

    /** Makes the links inside {@code folder} relative, drops the extraction's lock files and marks it complete. */
    private static void complete(Path folder) throws IOException {
        Path root = folder.toRealPath();
        for (String lock : LOCK_FILES) {
            Files.deleteIfExists(root.resolve(lock));
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path link : walk.filter(Files::isSymbolicLink).toList()) {
                Path target = Files.readSymbolicLink(link);
                if (target.isAbsolute() && target.startsWith(root)) {
                    Files.delete(link);
                    Files.createSymbolicLink(link, link.getParent().relativize(target));
                }
            }
        }
        Files.writeString(root.resolve(COMPLETE_MARKER), "extracted by kubegpt-trainer natives --unpack\n");
    }

    static boolean isComplete(Path folder) {
        return Files.isRegularFile(folder.resolve(COMPLETE_MARKER));
    }

    /**
     * The folders of {@code folder} that hold libraries, or empty when it was extracted for another ND4J binary than
     * {@code binary} ({@link NativeBinaries#binary}: the binaries' folders are named so).
     */
    static Optional<List<Path>> libraryDirectories(Path folder, String binary) throws IOException {
        List<Path> directories;
        try (Stream<Path> walk = Files.walk(folder)) {
            directories = walk.filter(Files::isDirectory)
                    .filter(dir -> dir.getFileName().toString().startsWith(NativeBinaries.PLATFORM))
                    .sorted()
                    .toList();
        }
        List<String> variants = directories.stream().map(dir -> dir.getFileName().toString())
                .filter(name -> !name.equals(NativeBinaries.PLATFORM)).distinct().toList();
        boolean binaryInside = variants.isEmpty() ? binary.equals(NativeBinaries.PLATFORM)
                : variants.equals(List.of(binary));
        return binaryInside && !directories.isEmpty() ? Optional.of(directories) : Optional.empty();
    }
}
