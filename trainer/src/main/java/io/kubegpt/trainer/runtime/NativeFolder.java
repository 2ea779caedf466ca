package io.kubegpt.trainer.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder of native libraries extracted at build time, which {@link NativeLibraries} loads in place. JavaCPP writes
 * it as its cache (one folder per jar, and the links between libraries it makes while loading); {@link #complete}
 * then makes those links relative, so the folder still works once copied elsewhere (the image's
 * {@code /app/natives}), and marks it complete. Only the ND4J binary of the machine that extracted it is inside.
 */
final class NativeFolder {

    private static final String PLATFORM = "linux-x86_64";
    /** Written last: a folder without it is not used. */
    private static final String COMPLETE_MARKER = ".complete";
    /** JavaCPP's and {@link NativeLibraries}'. */
    private static final List<String> LOCK_FILES = List.of(".lock", NativeLibraries.LOCK_FILE);

    private NativeFolder() {
    }

    /** Empties {@code folder} of an earlier extraction; refuses a folder holding anything else. */
    static void prepare(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> entries = Files.list(folder)) {
                if (!isComplete(folder) && entries.findAny().isPresent()) {
                    throw new io.kubegpt.trainer.InvalidInputException("--unpack", folder + " holds files that no extraction wrote; "
                            + "choose an empty folder");
                }
            }
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(folder);
    }

    /** Makes the links inside {@code folder} relative, drops the extraction's lock files and marks it complete. */
    static void complete(Path folder) throws IOException {
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
     * {@code extension} (the binary folders are named {@code linux-x86_64} plus the extension).
     */
    static Optional<List<Path>> libraryDirectories(Path folder, String extension) throws IOException {
        List<Path> directories;
        try (Stream<Path> walk = Files.walk(folder)) {
            directories = walk.filter(Files::isDirectory)
                    .filter(dir -> dir.getFileName().toString().startsWith(PLATFORM))
                    .sorted()
                    .toList();
        }
        List<String> variants = directories.stream().map(dir -> dir.getFileName().toString())
                .filter(name -> !name.equals(PLATFORM)).distinct().toList();
        boolean binaryInside = variants.isEmpty() ? extension.isEmpty() : variants.equals(List.of(PLATFORM + extension));
        return binaryInside && !directories.isEmpty() ? Optional.of(directories) : Optional.empty();
    }
}
