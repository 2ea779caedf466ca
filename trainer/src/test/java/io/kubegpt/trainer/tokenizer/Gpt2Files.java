package io.kubegpt.trainer.tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * GPT-2's released vocabulary, too large to keep in the repository: {@code trainer/scripts/fetch-gpt2-vocabulary.sh}
 * puts it in {@code .cache/gpt2}, the folder the pom passes as the system property {@code kubegpt.gpt2.dir}.
 */
final class Gpt2Files {

    static final Path DIR = Path.of(System.getProperty("kubegpt.gpt2.dir", "../.cache/gpt2"));

    private Gpt2Files() {
    }

    static boolean present() {
        return Files.isRegularFile(DIR.resolve(BpeTokenizer.VOCAB_FILE))
                && Files.isRegularFile(DIR.resolve(BpeTokenizer.MERGES_FILE));
    }

    static BpeTokenizer load() {
        return BpeTokenizer.load(DIR, "kubegpt.gpt2.dir");
    }
}
