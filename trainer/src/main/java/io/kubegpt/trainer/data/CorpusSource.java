package io.kubegpt.trainer.data;

import io.kubegpt.trainer.InvalidInputException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Where the training text comes from: {@code spec.data.path}, {@code spec.data.url}, or the sample corpus. */
public sealed interface CorpusSource {

    /**
     * The corpus, to read incrementally; documents of a folder are joined by a blank line.
     *
     * @param workDir where downloads are cached
     */
    CorpusStream open(Path workDir) throws IOException;

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

    record Local(Path path) implements CorpusSource {
        private static final String FIELD = "spec.data.path";

        @Override
        public CorpusStream open(Path workDir) throws IOException {
            if (!Files.exists(path)) {
                throw new InvalidInputException(FIELD, "no file or folder at " + path);
            }
            if (!Files.isDirectory(path)) {
                return new CorpusStream(List.of(CorpusDocument.of(path)), FIELD);
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
            List<CorpusDocument> documents = new ArrayList<>(files.size());
            for (Path file : files) {
                documents.add(CorpusDocument.of(file));
            }
            return new CorpusStream(documents, FIELD);
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
        public CorpusStream open(Path workDir) throws IOException {
            URI uri = parse();
            Path cached = workDir.resolve("download-" + Fingerprint.sha256(url).substring(0, 16) + ".txt");
            if (!Files.exists(cached)) {
                download.download(uri, cached);
            }
            return new CorpusStream(List.of(CorpusDocument.of(cached)), FIELD);
        }

        private URI parse() {
            try {
                URI uri = URI.create(url);
                if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                    throw new InvalidInputException(FIELD, "'" + shown() + "' is not an http or https URL");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(FIELD, "'" + shown() + "' is not a valid URL: "
                        + DownloadAddresses.withoutCredentials(e.getMessage()), e);
            }
        }

        @Override
        public String describe() {
            return "url " + shown();
        }

        private String shown() {
            return DownloadAddresses.withoutCredentials(url);
        }
    }

    record Sample() implements CorpusSource {
        @Override
        public CorpusStream open(Path workDir) {
            return new CorpusStream(List.of(CorpusDocument.inMemory(describe(),
                    SampleCorpus.text().getBytes(StandardCharsets.UTF_8))), "spec.data");
        }

        @Override
        public String describe() {
            return "sample corpus";
        }
    }
}
