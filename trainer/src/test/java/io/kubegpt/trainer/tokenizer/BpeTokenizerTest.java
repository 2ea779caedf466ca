package io.kubegpt.trainer.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.data.SampleCorpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BpeTokenizerTest {

    private static final String CORPUS = SampleCorpus.generate(7, 60_000);
    private static BpeTokenizer trained;

    @BeforeAll
    static void train() {
        trained = BpeTokenizer.train(CORPUS, 600);
    }

    @Test
    void trainingReachesTheRequestedVocabularySize() {
        assertThat(trained.vocabSize()).isEqualTo(600);
        assertThat(trained.mergeCount()).isGreaterThanOrEqualTo(600 - 256 - SpecialToken.values().length);
        assertThat(trained.encode(" the")).hasSize(1);
    }

    @Test
    void trainingStopsEarlyWhenNoPairOccursTwice() {
        BpeTokenizer tiny = BpeTokenizer.train("abab cd", 1000);
        // (a,b) occurs twice; after merging it, every pair ((ab,ab), (Ġ,c), (c,d)) occurs once.
        assertThat(tiny.mergeCount()).isEqualTo(1);
        assertThat(tiny.vocabSize()).isEqualTo(256 + 4 + 1);
        assertThat(tiny.encode("abab")).containsExactly(260, 260);
    }

    @Test
    void vocabularyBelowBytesAndSpecialsIsRejectedNamingTheField() {
        assertThatThrownBy(() -> BpeTokenizer.train("text", 100))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("spec.tokenizer.vocabSize"));
    }

    @Test
    void mergesApplyInRankOrderNotLeftToRight() {
        // Ranks: "b c" first, then "a b". Left to right would give [ab, c]; rank order gives [a, bc].
        BpeTokenizer tokenizer = BpeTokenizer.train("bc.bc.bc.ab.ab", 262);
        assertThat(tokenizer.spelling(260)).isEqualTo("bc");
        assertThat(tokenizer.spelling(261)).isEqualTo("ab");
        assertThat(tokenizer.encode("abc")).containsExactly('a', 260);
        assertThat(tokenizer.encode("abd")).containsExactly(261, 'd');
    }

    @Test
    void encodingOfTheTrainingCorpusUsesOnlyLearnedMergesInOrder() {
        int[] ids = trained.encode(CORPUS);
        assertThat(trained.decode(ids)).isEqualTo(CORPUS);
        assertThat(ids.length).isLessThan(CORPUS.length() / 2);
    }

    @Test
    void specialTokensHaveFixedIdsAndAreNeverProducedFromText() {
        assertThat(trained.hasSpecialTokens()).isTrue();
        for (SpecialToken t : SpecialToken.values()) {
            assertThat(trained.specialId(t)).isEqualTo(256 + t.ordinal());
        }
        String text = "<|start|> hi <|delimiter|><|extract|><|pad|>" + CORPUS.substring(0, 200);
        int[] ids = trained.encode(text);
        assertThat(ids).doesNotContain(256, 257, 258, 259);
        assertThat(trained.decode(ids)).isEqualTo(text);
        assertThat(trained.decode(new int[] {trained.specialId(SpecialToken.START), 'h', 'i'}))
                .isEqualTo("<|start|>hi");
    }

    @Test
    void roundTripsRandomUnicode() {
        Random random = new Random(42);
        int[][] ranges = {
            {0x20, 0x7E}, {0x00, 0x1F}, {0xA0, 0x24F}, {0x300, 0x36F}, {0x400, 0x4FF}, {0x4E00, 0x9FFF},
            {0x3040, 0x30FF}, {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x10000, 0x10FFFF},
        };
        String[] whitespace = {" ", "  ", "\n", "\n\n", "\t", "\r\n", "\u3000", "\u00A0", "   \n "};
        for (int round = 0; round < 300; round++) {
            StringBuilder text = new StringBuilder();
            int pieces = 1 + random.nextInt(40);
            for (int i = 0; i < pieces; i++) {
                if (random.nextInt(4) == 0) {
                    text.append(whitespace[random.nextInt(whitespace.length)]);
                    continue;
                }
                int[] range = ranges[random.nextInt(ranges.length)];
                int cp;
                do {
                    cp = range[0] + random.nextInt(range[1] - range[0] + 1);
                } while (cp >= 0xD800 && cp <= 0xDFFF);
                text.appendCodePoint(cp);
            }
            String s = text.toString();
            assertThat(trained.decode(trained.encode(s))).isEqualTo(s);
        }
        assertThat(trained.decode(trained.encode(""))).isEmpty();
        String mixed = "Ünïcödé 😀👩‍👩‍👧 漢字かな e\u0301\u0302 \t\t\n  \n";
        assertThat(trained.decode(trained.encode(mixed))).isEqualTo(mixed);
    }

    @Test
    void saveAndLoadGiveIdenticalEncodings(@TempDir Path dir) throws IOException {
        trained.save(dir);
        assertThat(Files.readAllLines(dir.resolve("merges.txt")).get(0)).isEqualTo("#version: 0.2");
        BpeTokenizer loaded = BpeTokenizer.load(dir, "spec.tokenizer.path");
        assertThat(loaded.vocabSize()).isEqualTo(trained.vocabSize());
        assertThat(loaded.mergeCount()).isEqualTo(trained.mergeCount());
        assertThat(loaded.hasSpecialTokens()).isTrue();
        for (SpecialToken t : SpecialToken.values()) {
            assertThat(loaded.specialId(t)).isEqualTo(trained.specialId(t));
        }
        String sample = CORPUS.substring(1000, 5000) + " 😀 café";
        assertThat(loaded.encode(sample)).isEqualTo(trained.encode(sample));
    }

    @Test
    void theHashSurvivesSaveAndLoadAndTellsTokenizersApart(@TempDir Path dir) throws IOException {
        trained.save(dir);
        BpeTokenizer other = BpeTokenizer.train(SampleCorpus.generate(8, 20_000), 600);

        assertThat(trained.sha256()).matches("[0-9a-f]{64}");
        assertThat(BpeTokenizer.load(dir, "spec.tokenizer.path").sha256()).isEqualTo(trained.sha256());
        assertThat(other.sha256()).isNotEqualTo(trained.sha256());
    }

    @Test
    void vocabJsonIsGpt2sFormatOrderedByIdWithNonAsciiEscaped(@TempDir Path dir) throws IOException {
        trained.save(dir);
        String json = Files.readString(dir.resolve("vocab.json"));
        assertThat(json.chars().allMatch(c -> c < 0x80)).isTrue();
        // Trained ids 0..255 are the bytes in order: byte 0 is spelled U+0100 and the space byte U+0120, written
        // escaped as GPT-2's files have them; printable ASCII bytes spell themselves.
        assertThat(json).startsWith("{\n  \"\\u0100\": 0,\n  \"\\u0101\": 1,\n").endsWith("}\n");
        assertThat(json).contains("\n  \"\\u0120\": 32,\n  \"!\": 33,\n  \"\\\"\": 34,\n");
        Iterator<Map.Entry<String, JsonNode>> entries =
                JsonFiles.readObject(dir.resolve("vocab.json")).properties().iterator();
        for (int id = 0; entries.hasNext(); id++) {
            assertThat(entries.next().getValue().intValue()).isEqualTo(id);
        }
        assertThat(Files.readString(dir.resolve("special_tokens.json"))).contains("\": 256");
    }

    @Test
    void duplicateOrNonIntegerVocabularyIdsAreRejected(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\n");
        Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0, \"a\": 1}");
        assertThatThrownBy(() -> BpeTokenizer.load(dir, "spec.tokenizer.path"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("a");
        Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0.5}");
        assertThatThrownBy(() -> BpeTokenizer.load(dir, "spec.tokenizer.path"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a non-negative integer");
    }

    @Test
    void loadsGpt2FilesAndReproducesHandDerivedIds() throws URISyntaxException {
        BpeTokenizer gpt2 = BpeTokenizer.load(resource("gpt2-tiny"), "spec.tokenizer.path");
        assertThat(gpt2.vocabSize()).isEqualTo(261);
        assertThat(gpt2.hasSpecialTokens()).isFalse();
        assertThatThrownBy(() -> gpt2.specialId(SpecialToken.START)).isInstanceOf(IllegalStateException.class);

        // In GPT-2's byte order, "!".."~" are ids 0..93, so an ASCII letter's id is its code minus 33; the space
        // byte is "Ġ" = 220; é is bytes C3 A9 = ids 127 and 102. Merges: 256 "Ġt", 257 "he", 258 "Ġthe", 259 "er";
        // 260 is <|endoftext|>, which text never produces (the regex cuts it into "<|", "endoftext", "|>").
        String text = "the other 42 the café<|endoftext|>";
        int[] expected = {
            83, 257,                        // "the": (h,e) merges; (t,he) is no merge
            220, 78, 83, 257, 81,           // " other": (h,e) rank 2 beats (e,r) rank 4, after which "er" is gone
            220, 19, 17,                    // " 42"
            258,                            // " the": (Ġ,t) rank 1, then (h,e), then (Ġt,he)
            220, 66, 64, 69, 127, 102,      // " café"
            27, 91,                         // "<|"
            68, 77, 67, 78, 69, 83, 68, 87, 83, // "endoftext"
            91, 29,                         // "|>"
        };
        assertThat(gpt2.encode(text)).containsExactly(expected);
        assertThat(gpt2.decode(expected)).isEqualTo(text);
        assertThat(gpt2.decode(new int[] {260})).isEqualTo("<|endoftext|>");
    }

    @Test
    void invalidTokenizerFolderNamesTheField(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> BpeTokenizer.load(dir, "spec.tokenizer.path"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("vocab.json");
        Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0}");
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\n");
        assertThatThrownBy(() -> BpeTokenizer.load(dir, "spec.tokenizer.path"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("byte");
    }

    @Test
    void repeatedWordsGiveTheSameIds() {
        Map<String, int[]> seen = new HashMap<>();
        for (String word : CORPUS.substring(0, 3000).split(" ")) {
            int[] ids = trained.encode(" " + word);
            int[] before = seen.putIfAbsent(word, ids);
            if (before != null) {
                assertThat(Arrays.equals(before, ids)).isTrue();
            }
        }
    }

    @Test
    void threadsEncodingAtOnceGetWhatOneThreadGets(@TempDir Path dir) throws Exception {
        trained.save(dir);
        BpeTokenizer shared = BpeTokenizer.load(dir, "spec.tokenizer.path");
        List<String> documents = EnglishLikeText.documents(2, 1_000_000);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<int[]>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * documents.size() / threads;
                results.add(pool.submit(() -> {
                    List<int[]> ids = new ArrayList<>();
                    for (int i = 0; i < documents.size(); i++) {
                        ids.add(shared.encode(documents.get((first + i) % documents.size())));
                    }
                    return ids;
                }));
            }
            for (int t = 0; t < threads; t++) {
                List<int[]> ids = results.get(t).get();
                int first = t * documents.size() / threads;
                for (int i = 0; i < documents.size(); i++) {
                    assertThat(ids.get(i)).isEqualTo(trained.encode(documents.get((first + i) % documents.size())));
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(BpeTokenizerTest.class.getClassLoader().getResource(name).toURI());
    }
}
