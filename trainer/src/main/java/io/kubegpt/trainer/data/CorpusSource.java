package io.kubegpt.trainer.data;

import io.kubegpt.trainer.InvalidInputException;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Where the training text comes from: {@code spec.data.path}, {@code spec.data.url}, or the sample corpus. */
public sealed interface CorpusSource {

    /**
     * The whole corpus as one string; documents of a folder are joined by a blank line.
     *
     * @param workDir where downloads are cached
     */
    String text(Path workDir) throws IOException;

    /** One line for logs and {@code meta.json}. */
    String describe();

    /** A UTF-8 file, or a folder whose files (recursively, in path order, hidden ones skipped) are the documents. */
    static CorpusSource path(Path path) {
        return new Local(path);
    }

    /** An HTTP(S) URL, downloaded once into the work folder by {@code download}. */
    static CorpusSource url(String url, CorpusDownload download) {
        return new Remote(url, download);
    }

    /** The generated stories of {@link SampleCorpus}. */
    static CorpusSource sample() {
        return new Sample();
    }

    private static String decodeUtf8(Path file, String field) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(field, file + " is not UTF-8 text", e);
        }
    }

    record Local(Path path) implements CorpusSource {
        private static final String FIELD = "spec.data.path";

        @Override
        public String text(Path workDir) throws IOException {
            if (!Files.exists(path)) {
                throw new InvalidInputException(FIELD, "no file or folder at " + path);
            }
            if (!Files.isDirectory(path)) {
                return decodeUtf8(path, FIELD);
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(path)) {
                files = walk.filter(Files::isRegularFile)
                        .filter(p -> !isHidden(path.relativize(p)))
                        .sorted()
                        .toList();
            }
            if (files.isEmpty()) {
                throw new InvalidInputException(FIELD, "folder " + path + " holds no files");
            }
            List<String> documents = new ArrayList<>(files.size());
            for (Path file : files) {
                documents.add(decodeUtf8(file, FIELD));
            }
            return String.join("\n\n", documents);
        }

        private static boolean isHidden(Path relative) {
            for (Path part : relative) {
                if (part.toString().startsWith(".")) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String describe() {
            return "path " + path;
        }
    }

    record Remote(String url, CorpusDownload download) implements CorpusSource {
        private static final String FIELD = "spec.data.url";

        @Override
        public String text(Path workDir) throws IOException {
            URI uri = parse();
            Path cached = workDir.resolve("download-" + Fingerprint.sha256(url).substring(0, 16) + ".txt");
            if (!Files.exists(cached)) {
                download.download(uri, cached);
            }
            return decodeUtf8(cached, FIELD);
        }

        private URI parse() {
            try {
                URI uri = URI.create(url);
                if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                    throw new InvalidInputException(FIELD, "'" + url + "' is not an http or https URL");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(FIELD, "'" + url + "' is not a valid URL: " + e.getMessage(), e);
            }
        }

        @Override
        public String describe() {
            return "url " + url;
        }
    }

    record Sample() implements CorpusSource {
        @Override
        public String text(Path workDir) {
            return SampleCorpus.text();
        }

        @Override
        public String describe() {
            return "sample corpus";
        }
    }
}
