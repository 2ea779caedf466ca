package io.kubegpt.trainer.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SampleCorpusTest {

    @Test
    void isDeterministicAndAFewHundredKilobytes() {
        String text = SampleCorpus.text();
        assertThat(Fingerprint.sha256(SampleCorpus.generate(SampleCorpus.DEFAULT_SEED, SampleCorpus.DEFAULT_CHARS)))
                .isEqualTo(Fingerprint.sha256(text));
        assertThat(text.getBytes(StandardCharsets.UTF_8).length).isBetween(300_000, 600_000);
        assertThat(SampleCorpus.generate(2, 10_000)).isNotEqualTo(SampleCorpus.generate(3, 10_000));
    }

    @Test
    void isTheSameInAnotherJvm() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                PrintSampleHash.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor()).isZero();
        assertThat(output).isEqualTo(Fingerprint.sha256(SampleCorpus.text()));
    }

    @Test
    void hasStoriesWithDialogueNumbersAndConsistentPronouns() {
        String text = SampleCorpus.text();
        String[] stories = text.split("\n\n");
        assertThat(stories.length).isGreaterThan(300);
        assertThat(text).contains("\" said ", "asked", "coins", "?\"", "!\"");
        assertThat(text).doesNotContain("  ", "\n\n\n");
        for (String story : stories) {
            if (story.contains("Tom could not find")) {
                assertThat(story).contains("Tom could not find his").doesNotContain("Tom could not find her");
            }
        }
        assertThat(text).matches("(?s)[\\x20-\\x7E\\n]+");
    }

    /** Run in a child JVM by {@link #isTheSameInAnotherJvm()}. */
    static final class PrintSampleHash {
        public static void main(String[] args) {
            System.out.println(Fingerprint.sha256(SampleCorpus.text()));
        }
    }
}
