package io.kubegpt.trainer.data;

import io.kubegpt.api.v1alpha1.PretrainDataSpec;
import io.kubegpt.api.v1alpha1.TokenizerSpec;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataPreparerTest {

    private static final String TEXT = SampleCorpus.generate(11, 40_000);
    private static final PrepareOptions OPTIONS = PrepareOptions.defaults()
            .withVocabSize(400).withValidationFraction(0.1);

    @TempDir
    Path dir;
    private Path corpus;
    private Path out;

    @BeforeEach
    void writeCorpus() throws IOException {
        corpus = dir.resolve("corpus.txt");
        Files.writeString(corpus, TEXT);
        out = dir.resolve("prepared");
    }

    @Test
    void writesTrainAndValidationTokensSplitAtAParagraph() throws IOException {
        PreparedData data = DataPreparer.prepare(CorpusSource.path(corpus), OPTIONS, out);

        assertThat(data.upToDate()).isFalse();
        assertThat(out.resolve("tokenizer/vocab.json")).exists();
        assertThat(out.resolve("tokenizer/merges.txt")).exists();
        assertThat(Files.readString(out.resolve("meta.json"))).contains("\"dtype\": \"uint16\"");
        assertThat(Files.size(out.resolve("train.bin"))).isEqualTo(2 * data.trainTokens());
        assertThat(data.tokenizer().vocabSize()).isEqualTo(400);

        String train = data.tokenizer().decode(data.train().window(0, (int) data.trainTokens()));
        String val = data.tokenizer().decode(data.val().window(0, (int) data.valTokens()));
        assertThat(train + val).isEqualTo(TEXT);
        assertThat(train).endsWith("\n\n");
        assertThat(val).doesNotStartWith("\n");
        assertThat((double) val.length() / TEXT.length()).isBetween(0.08, 0.12);
        try (var dirFiles = Files.list(out)) {
            assertThat(dirFiles.map(p -> p.getFileName().toString()))
                    .as("no temporary files are left").allMatch(name -> !name.startsWith("."));
        }
    }

    @Test
    void theTemporaryFilesOfAnInterruptedPreparationAreRemovedByTheNext() throws IOException {
        // what a preparation stopped on request or killed while writing the tokenizer and the token files leaves
        Files.createDirectories(out.resolve(".tokenizer4711").resolve("part"));
        Files.writeString(out.resolve(".train.bin8391657304.tmp"), "half of the tokens");
        Files.writeString(out.resolve(".notes"), "not the preparation's");

        DataPreparer.prepare(CorpusSource.path(corpus), OPTIONS, out);

        try (var dirFiles = Files.list(out)) {
            assertThat(dirFiles.map(p -> p.getFileName().toString()).filter(name -> name.startsWith(".")))
                    .containsExactly(".notes");
        }
    }

    @Test
    void secondRunWithTheSameInputsWritesNothing() throws IOException {
        PreparedData first = DataPreparer.prepare(CorpusSource.path(corpus), OPTIONS, out);
        BasicFileAttributes trainBefore = attributes("train.bin");
        FileTime metaBefore = Files.getLastModifiedTime(out.resolve("meta.json"));

        PreparedData second = DataPreparer.prepare(CorpusSource.path(corpus), OPTIONS, out);

        assertThat(second.upToDate()).isTrue();
        assertThat(second.summary()).startsWith("already prepared");
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        BasicFileAttributes trainAfter = attributes("train.bin");
        assertThat(trainAfter.fileKey()).isEqualTo(trainBefore.fileKey());
        assertThat(trainAfter.lastModifiedTime()).isEqualTo(trainBefore.lastModifiedTime());
        assertThat(Files.getLastModifiedTime(out.resolve("meta.json"))).isEqualTo(metaBefore);
    }

    @Test
    void changedCorpusVocabularyOrSplitPreparesAgain() throws IOException {
        PreparedData first = DataPreparer.prepare(CorpusSource.path(corpus), OPTIONS, out);

        Files.writeString(corpus, TEXT + "\n\nOne more story ends here.\n");
        PreparedData changedText = DataPreparer.prepare(CorpusSource.path(corpus), OPTIONS, out);
        assertThat(changedText.upToDate()).isFalse();
        assertThat(changedText.fingerprint()).isNotEqualTo(first.fingerprint());

        PreparedData changedVocab = DataPreparer.prepare(CorpusSource.path(corpus), OPTIONS.withVocabSize(350), out);
        assertThat(changedVocab.upToDate()).isFalse();
        assertThat(changedVocab.tokenizer().vocabSize()).isEqualTo(350);

        PreparedData changedSplit = DataPreparer.prepare(CorpusSource.path(corpus),
                OPTIONS.withVocabSize(350).withValidationFraction(0.2), out);
        assertThat(changedSplit.upToDate()).isFalse();
        assertThat(changedSplit.valTokens()).isGreaterThan(changedVocab.valTokens());
    }

    @Test
    void anInterruptedPrepareIsNotMistakenForAFinishedOne() throws IOException {
        DataPreparer.prepare(CorpusSource.path(corpus), OPTIONS, out);
        // What a crash after the token files but before meta.json leaves behind (meta.json goes first).
        Files.delete(out.resolve("meta.json"));
        Files.writeString(out.resolve(".train.bin123.tmp"), "half");
        assertThatThrownBy(() -> PreparedData.open(out)).isInstanceOf(IOException.class).hasMessageContaining("meta.json");

        PreparedData again = DataPreparer.prepare(CorpusSource.path(corpus), OPTIONS, out);
        assertThat(again.upToDate()).isFalse();
        assertThat(PreparedData.open(out).trainTokens()).isEqualTo(again.trainTokens());
    }

    @Test
    void truncatedTokenFileUnderACurrentMetaIsPreparedAgain() throws IOException {
        PreparedData first = DataPreparer.prepare(CorpusSource.path(corpus), OPTIONS, out);
        Files.write(out.resolve("train.bin"), new byte[10]);
        PreparedData again = DataPreparer.prepare(CorpusSource.path(corpus), OPTIONS, out);
        assertThat(again.upToDate()).isFalse();
        assertThat(again.trainTokens()).isEqualTo(first.trainTokens());
    }

    @Test
    void reusesAGivenTokenizer() throws IOException {
        PreparedData first = DataPreparer.prepare(CorpusSource.path(corpus), OPTIONS, out);
        PreparedData reused = DataPreparer.prepare(CorpusSource.path(corpus),
                OPTIONS.withVocabSize(999).withTokenizer(out.resolve("tokenizer")), dir.resolve("second"));
        assertThat(reused.tokenizer().vocabSize()).isEqualTo(400);
        assertThat(reused.train().window(0, 500)).isEqualTo(first.train().window(0, 500));
        assertThatThrownBy(() -> DataPreparer.prepare(CorpusSource.path(corpus),
                OPTIONS.withTokenizer(dir.resolve("nowhere")), dir.resolve("third")))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void preparesTheSampleCorpusWhenNoSourceIsNamed() throws IOException {
        PreparedData data = DataPreparer.prepare(CorpusSource.sample(), OPTIONS, out);
        assertThat(data.trainTokens()).isGreaterThan(50_000);
        assertThat(data.valTokens()).isGreaterThan(5_000);
        int[][] batch = data.sampler(64, 4, 1).batch(0, 0, 1);
        assertThat(data.tokenizer().decode(batch[0])).isNotBlank();
    }

    @Test
    void badSplitNamesItsField() {
        for (double fraction : new double[] {1.0, 0.51, 0.0, -0.1, Double.NaN}) {
            assertThatThrownBy(() -> DataPreparer.prepare(CorpusSource.path(corpus),
                    OPTIONS.withValidationFraction(fraction), out))
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(((InvalidInputException) e).field())
                            .isEqualTo("spec.data.validationFraction"));
        }
    }

    @Test
    void defaultsAreTheCustomResourceDefaults() throws IOException {
        PrepareOptions defaults = PrepareOptions.defaults();
        assertThat(defaults.vocabSize()).isEqualTo(new TokenizerSpec().getVocabSize());
        assertThat(defaults.validationFraction()).isEqualTo(new PretrainDataSpec().getValidationFraction());
        assertThat(defaults.sampleBytes()).isEqualTo(new TokenizerSpec().getSampleBytes());
        assertThat(defaults.tokenizerDir()).isNull();
        split("abc", defaults.validationFraction());
    }

    @Test
    void metaRecordsTheValidationFraction() throws IOException {
        DataPreparer.prepare(CorpusSource.path(corpus), OPTIONS, out);
        assertThat(Files.readString(out.resolve("meta.json"))).contains("\"validationFraction\": 0.1");
    }

    @Test
    void unreadableMetaIsRePrepared() throws IOException {
        DataPreparer.prepare(CorpusSource.path(corpus), OPTIONS, out);
        Files.writeString(out.resolve("meta.json"), "{not json");
        PreparedData again = DataPreparer.prepare(CorpusSource.path(corpus), OPTIONS, out);
        assertThat(again.upToDate()).isFalse();
        assertThat(PreparedData.open(out).fingerprint()).isEqualTo(again.fingerprint());
    }

    private static long split(String text, double fraction) throws IOException {
        return CorpusSplit.validationStart(new CorpusStream(List.of(CorpusDocument.inMemory("text",
                text.getBytes(StandardCharsets.UTF_8))), "spec.data"), fraction);
    }

    @Test
    void splitFallsBackToLinesThenCharacters() throws IOException {
        assertThat(split("aaaa\nbbbb\ncccc\ndddd\n", 0.25)).isEqualTo(15);
        assertThat(split("abcdefghij", 0.3)).isEqualTo(7);
        assertThat(split("p1\n\np2\n\n\np3", 0.5)).isEqualTo(4);
        assertThat(split("p1\n\np2\n\n\np3", 0.2)).isEqualTo(9);
    }

    @Test
    void tokenFilesUseUint16WhenTheVocabularyFitsElseInt32() throws IOException {
        assertThat(TokenDType.forVocabSize(65_536)).isEqualTo(TokenDType.UINT16);
        assertThat(TokenDType.forVocabSize(65_537)).isEqualTo(TokenDType.INT32);
        assertThat(TokenDType.forVocabSize(PrepareOptions.defaults().vocabSize())).isEqualTo(TokenDType.UINT16);
        int[] ids = IntStream.of(0, 1, 65_535, 70_000, 40_477).toArray();
        TokenFile wide = TokenFile.write(dir.resolve("wide.bin"), ids, TokenDType.INT32);
        assertThat(wide.window(0, ids.length)).containsExactly(ids);
        assertThat(Files.readAllBytes(dir.resolve("wide.bin"))).startsWith(0, 0, 0, 0, 1, 0, 0, 0, 0xFF - 256, 0xFF - 256, 0, 0);
        TokenFile narrow = TokenFile.write(dir.resolve("narrow.bin"), new int[] {65_535, 2}, TokenDType.UINT16);
        assertThat(narrow.window(0, 2)).containsExactly(65_535, 2);
        assertThatThrownBy(() -> TokenFile.write(dir.resolve("x.bin"), new int[] {70_000}, TokenDType.UINT16))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dir.resolve("x.bin")).doesNotExist();
    }

    private BasicFileAttributes attributes(String name) throws IOException {
        return Files.readAttributes(out.resolve(name), BasicFileAttributes.class);
    }
}
