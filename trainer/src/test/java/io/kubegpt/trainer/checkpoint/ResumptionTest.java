package io.kubegpt.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.data.SampleCorpus;
import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Resumption#requireInputs} on checkpoint folders holding only what it reads. */
class ResumptionTest {

    private static final String DATA = "a".repeat(64);
    private static final String OTHER_DATA = "b".repeat(64);
    private static BpeTokenizer tokenizer;
    private static BpeTokenizer otherTokenizer;

    @TempDir
    Path checkpoint;
    private final List<String> warnings = new ArrayList<>();

    @BeforeAll
    static void trainTwoTokenizers() {
        tokenizer = BpeTokenizer.train(SampleCorpus.generate(1, 20_000), 280);
        otherTokenizer = BpeTokenizer.train(SampleCorpus.generate(2, 20_000), 280);
    }

    @Test
    void theSameDataAndTokenizerAreContinued() throws IOException {
        write(new TrainingInputs(DATA, tokenizer.sha256()));

        require(new TrainingInputs(DATA, tokenizer.sha256()));

        assertThat(warnings).isEmpty();
    }

    @Test
    void otherDataIsRefusedShowingBothFingerprints() throws IOException {
        write(new TrainingInputs(DATA, tokenizer.sha256()));

        assertThatThrownBy(() -> require(new TrainingInputs(OTHER_DATA, tokenizer.sha256())))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("spec.data"))
                .hasMessageContaining("was trained on other data")
                .hasMessageContaining("data fingerprint aaaaaaaaaaaa in the checkpoint, bbbbbbbbbbbb in this run")
                .hasMessageContaining("use the original corpus and tokenizer, or choose another --output")
                .hasMessageNotContaining("tokenizer sha256");
    }

    @Test
    void anotherTokenizerIsRefusedEvenWithTheSameDataFingerprint() throws IOException {
        write(new TrainingInputs(DATA, tokenizer.sha256()));

        assertThatThrownBy(() -> require(new TrainingInputs(DATA, otherTokenizer.sha256())))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("spec.data"))
                .hasMessageContaining("tokenizer sha256 " + tokenizer.sha256().substring(0, 12) + " in the checkpoint, "
                        + otherTokenizer.sha256().substring(0, 12) + " in this run")
                .hasMessageNotContaining("data fingerprint");
    }

    @Test
    void aCheckpointThatRecordsNoInputsIsComparedByItsTokenizerAndContinuedWithAWarning() throws IOException {
        tokenizer.save(checkpoint.resolve(ModelCheckpoint.TOKENIZER_DIR));

        require(new TrainingInputs(DATA, tokenizer.sha256()));

        assertThat(warnings).singleElement().asString()
                .contains("does not record the data it was trained on", DATA.substring(0, 12));
        assertThatThrownBy(() -> require(new TrainingInputs(DATA, otherTokenizer.sha256())))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("spec.data"))
                .hasMessageContaining("tokenizer sha256");
    }

    @Test
    void aFineTuneComparesItsTokenizerAlone() throws IOException {
        write(TrainingInputs.ofTokenizer(tokenizer));

        require(TrainingInputs.ofTokenizer(tokenizer));

        assertThat(warnings).isEmpty();
    }

    private void write(TrainingInputs inputs) throws IOException {
        tokenizer.save(checkpoint.resolve(ModelCheckpoint.TOKENIZER_DIR));
        new ObjectMapper().writeValue(checkpoint.resolve(ModelCheckpoint.INPUTS_FILE).toFile(), inputs);
    }

    private void require(TrainingInputs inputs) {
        Resumption.requireInputs(checkpoint, inputs, "spec.data", "the original corpus and tokenizer", warnings::add);
    }
}
