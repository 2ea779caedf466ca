package io.kubegpt.trainer.checkpoint;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * {@code manifest.json} of a checkpoint folder: the job and attempt that wrote it and, for every other file, its size
 * and CRC32C. CRC32C rather than SHA-256: it guards against storage faults (a truncated, torn or bit-flipped file),
 * not against someone who can write the volume, and the JVM computes it with the CPU's CRC instruction at several
 * GB/s, so checking a GPT-1 checkpoint of 1.4 GB costs well under a second more than reading it. A checkpoint
 * written before manifests existed has none and is taken as it is.
 *
 * @param jobUid  the UID of the job that wrote the checkpoint, empty outside a job
 * @param attempt the job's attempt that wrote it
 * @param files   each file's path relative to the folder, with {@code /} between names
 */
public record CheckpointManifest(String jobUid, int attempt, SortedMap<String, FileSum> files) {

    public static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A file's size in bytes and its CRC32C, in hex. */
    public record FileSum(long bytes, String crc32c) {
    }

    /** The manifest of the files now in {@code folder}. */
    static CheckpointManifest of(Path folder, String jobUid, int attempt) throws IOException {
        SortedMap<String, FileSum> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                String name = folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (!name.equals(FILE)) {
                    files.put(name, sum(file));
                }
            }
        }
        return new CheckpointManifest(jobUid, attempt, files);
    }

    /** Whether this manifest's writer is a later attempt of the job {@code jobUid} than {@code attempt}. */
    boolean newerThan(String jobUid, int attempt) {
        return jobUid.equals(this.jobUid) && this.attempt > attempt;
    }

    void write(Path folder) throws IOException {
        JSON.writeValue(folder.resolve(FILE).toFile(), this);
    }

    /** The manifest of {@code folder}; empty when it has none (written before manifests). */
    static Optional<CheckpointManifest> read(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(file.toFile(), CheckpointManifest.class));
    }

    /**
     * What is wrong with {@code folder}: an unreadable manifest, or a file missing, of another size or with another
     * CRC32C than it records; empty when it verifies or has no manifest. An I/O error (other than a missing file)
     * is thrown: it says nothing about the checkpoint.
     */
    static Optional<String> problem(Path folder) throws IOException {
        CheckpointManifest manifest;
        try {
            Optional<CheckpointManifest> read = read(folder);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            manifest = read.get();
        } catch (JacksonException unreadable) {
            return Optional.of(FILE + " is not valid: " + unreadable.getOriginalMessage());
        }
        for (Map.Entry<String, FileSum> entry : manifest.files().entrySet()) {
            Path file = folder.resolve(entry.getKey());
            FileSum expected = entry.getValue();
            long bytes;
            try {
                bytes = Files.size(file);
            } catch (NoSuchFileException missing) {
                return Optional.of(entry.getKey() + " is missing");
            }
            if (bytes != expected.bytes()) {
                return Optional.of(entry.getKey() + " holds " + bytes + " bytes, not the " + expected.bytes()
                        + " written");
            }
            if (!sum(file).crc32c().equals(expected.crc32c())) {
                return Optional.of(entry.getKey() + " does not match its CRC32C " + expected.crc32c());
            }
        }
        return Optional.empty();
    }

    private static FileSum sum(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[1 << 20];
        long bytes = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                crc.update(buffer, 0, read);
                bytes += read;
            }
        }
        return new FileSum(bytes, String.format(Locale.ROOT, "%08x", crc.getValue()));
    }
}
