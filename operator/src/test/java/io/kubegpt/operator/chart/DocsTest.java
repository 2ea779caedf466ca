package io.kubegpt.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.operator.testing.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md and the pages of docs/ stay true. Every shell block marked runnable offline (a fenced block whose info
 * string is {@code bash offline}) runs with bash from the repository root, .tools/bin on the PATH, and exits with 0;
 * the blocks run README.md's first, then each docs/*.md's by file name. Such blocks must need no cluster and no
 * network; they may use what the build made before the operator module (trainer/target/kubegpt-trainer.jar). And every
 * relative link of those files ({@code [text](docs/page.md)}, {@code [text](page.md#heading)}, outside code) names a
 * file that exists, and a heading of that Markdown file when it has an anchor (GitHub's slug: lowercase, spaces to
 * {@code -}, punctuation other than {@code -} and {@code _} dropped, {@code -1}, {@code -2} ... for repeats).
 */
class DocsTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern OFFLINE_BLOCK = Pattern.compile("(?m)^```bash offline\\n(.*?)^```$", Pattern.DOTALL);
    static final Pattern FENCED_BLOCK = Pattern.compile("(?m)^```.*?^```$", Pattern.DOTALL);
    static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?) *$");

    record Block(Path file, String script) {
    }

    /** README.md, then docs/*.md sorted by file name. */
    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    static List<Block> offlineBlocks() throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (Path page : pages()) {
            Matcher m = OFFLINE_BLOCK.matcher(Files.readString(page));
            while (m.find()) {
                blocks.add(new Block(ROOT.relativize(page), m.group(1)));
            }
        }
        return blocks;
    }

    @Test
    void everyBlockMarkedRunnableOfflineSucceeds() throws Exception {
        List<Block> blocks = offlineBlocks();
        assertThat(blocks).as("```bash offline blocks in README.md and docs/*.md").hasSizeGreaterThanOrEqualTo(4);
        // the tools the blocks use: helm and kubectl (skipped without them, except under CI), the trainer jar
        Path helm = Helm.binary("helm");
        Path kubectl = Helm.binary("kubectl");
        assertThat(ROOT.resolve("trainer/target/kubegpt-trainer.jar"))
                .as("the trainer jar; build it first: mvn -B -pl trainer -am package -DskipTests").exists();
        String path = helm.toAbsolutePath().getParent() + ":" + kubectl.toAbsolutePath().getParent() + ":"
                + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");

        for (Block block : blocks) {
            Path out = Files.createTempFile("docs", ".out");
            ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", block.script())
                    .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().put("PATH", path);
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("a block of " + block.file() + " did not finish in 60 s:\n" + block.script());
            }
            assertThat(process.exitValue()).as("exit code of the block of %s\n%s\noutput:\n%s", block.file(),
                    block.script(), Files.readString(out)).isZero();
            Files.delete(out);
        }
    }

    @Test
    void everyRelativeLinkNamesAFileAndHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages()) {
            String text = FENCED_BLOCK.matcher(Files.readString(page)).replaceAll("").replaceAll("`[^`\\n]*`", "");
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // https:, mailto: ...
                }
                links++;
                int hash = target.indexOf('#');
                Path file = hash == 0 ? page : page.getParent().resolve(target.substring(0, hash < 0 ? target.length()
                        : hash)).normalize();
                if (!Files.exists(file)) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(file).contains(target.substring(hash + 1))) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (no such heading in " + ROOT.relativize(file)
                            + ")");
                }
            }
        }
        assertThat(links).as("relative links in README.md and docs/*.md").isPositive();
        assertThat(broken).as("relative links that name no file or heading").isEmpty();
    }

    /** The anchors GitHub gives the headings of a Markdown file. */
    static Set<String> anchors(Path file) throws IOException {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher m = HEADING.matcher(FENCED_BLOCK.matcher(Files.readString(file)).replaceAll(""));
        while (m.find()) {
            String slug = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(n == 0 ? slug : slug + "-" + n);
        }
        return anchors;
    }
}
