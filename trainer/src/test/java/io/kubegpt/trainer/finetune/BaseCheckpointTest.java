package io.kubegpt.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubegpt.api.v1alpha1.TaskType;
import io.kubegpt.trainer.checkpoint.CheckpointState;
import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.checkpoint.TensorFile;
import io.kubegpt.trainer.checkpoint.TrainingInputs;
import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import io.kubegpt.trainer.tokenizer.SpecialToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class BaseCheckpointTest {

    static final BpeTokenizer TOKENIZER = FinetuneModelTest.TOKENIZER;

    @TempDir
    Path dir;

    @Test
    void fineTuningTokenRowsAreDrawnFreshFromTheSeedAndTheOthersKept() throws IOException {
        GPT pretrained = new GPT(config(TOKENIZER.vocabSize()), 1);
        INDArray embedding = pretrained.parameters().get(GPT.TOKEN_EMBEDDING);
        List<Integer> special = specialIds(TOKENIZER);
        special.forEach(id -> embedding.getRow(id).assign(-3));
        Path checkpoint = write(pretrained, TOKENIZER, "base");

        BaseCheckpoint base = BaseCheckpoint.read(checkpoint, "spec.base", 7);
        assertThat(base.tokenizer().sha256()).isEqualTo(TOKENIZER.sha256());
        INDArray fresh = base.weights().get(GPT.TOKEN_EMBEDDING);
        for (int id = 0; id < TOKENIZER.vocabSize(); id++) {
            if (!special.contains(id)) {
                assertThat(fresh.getRow(id)).as("row %d", id).isEqualTo(embedding.getRow(id));
            }
        }
        assertLookDrawnFromN002(special.stream().map(fresh::getRow).toList());
        INDArray sameSeed = BaseCheckpoint.read(checkpoint, "spec.base", 7).weights().get(GPT.TOKEN_EMBEDDING);
        INDArray otherSeed = BaseCheckpoint.read(checkpoint, "spec.base", 8).weights().get(GPT.TOKEN_EMBEDDING);
        for (int id : special) {
            assertThat(sameSeed.getRow(id)).isEqualTo(fresh.getRow(id));
            assertThat(otherSeed.getRow(id)).isNotEqualTo(fresh.getRow(id));
        }
    }

    @Test
    void aVocabularyWithoutTheFineTuningTokensGetsThemAppended() throws IOException {
        BpeTokenizer bytesOnly = withoutSpecialTokens(TOKENIZER);
        assertThat(bytesOnly.hasSpecialTokens()).isFalse();
        GPT pretrained = new GPT(config(bytesOnly.vocabSize()), 1);
        Path checkpoint = write(pretrained, bytesOnly, "gpt2-like");

        BaseCheckpoint base = BaseCheckpoint.read(checkpoint, "spec.base", 7);
        int v = bytesOnly.vocabSize();
        assertThat(base.tokenizer().hasSpecialTokens()).isTrue();
        assertThat(specialIds(base.tokenizer())).containsExactly(v, v + 1, v + 2, v + 3);
        assertThat(base.config()).isEqualTo(pretrained.config().withVocabSize(v + 4));
        INDArray embedding = base.weights().get(GPT.TOKEN_EMBEDDING);
        assertThat(embedding.shape()).containsExactly(v + 4, pretrained.config().dModel());
        assertThat(embedding.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, v),
                org.nd4j.linalg.indexing.NDArrayIndex.all())).isEqualTo(pretrained.parameters().get(GPT.TOKEN_EMBEDDING));
        assertLookDrawnFromN002(specialIds(base.tokenizer()).stream().map(embedding::getRow).toList());

        FinetuneModel model = new FinetuneModel(base.config(), new TaskHead(TaskType.CLASSIFICATION, 1, 2, false), 0.5, 0, 1);
        model.loadBaseWeights(base.weights());
        assertThat(new InputTransformation(base.tokenizer(), base.config().context()).classification("the cat"))
                .startsWith(base.tokenizer().specialId(SpecialToken.START))
                .endsWith(base.tokenizer().specialId(SpecialToken.EXTRACT));
    }

    private static GPTConfig config(int vocabSize) {
        return new GPTConfig(vocabSize, 16, 1, 64, 2, 64, 0.0, 0.02);
    }

    /** 4·64 draws of N(0, 0.02): their mean within 4 standard errors of 0, their deviation within 15% of 0.02. */
    private static void assertLookDrawnFromN002(List<INDArray> rows) {
        double[] values = rows.stream().flatMapToDouble(row -> Arrays.stream(row.toDoubleVector())).toArray();
        double mean = Arrays.stream(values).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(values).map(x -> (x - mean) * (x - mean)).average().orElseThrow());
        assertThat(Math.abs(mean)).isLessThan(4 * 0.02 / Math.sqrt(values.length));
        assertThat(std).isBetween(0.017, 0.023);
    }

    private static List<Integer> specialIds(BpeTokenizer tokenizer) {
        return Arrays.stream(SpecialToken.values()).map(tokenizer::specialId).toList();
    }

    private Path write(GPT model, BpeTokenizer tokenizer, String name) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        ModelCheckpoint.of(f -> TensorFile.write(f.resolve(ModelCheckpoint.WEIGHTS_FILE), model.parameters()), model.config(),
                new CheckpointState(10, 3.0, null, 1000, 1, "2026-12-01T00:00:00Z", 0),
                TrainingInputs.ofTokenizer(tokenizer), tokenizer, "kind: GPTPretrain\n").write(folder);
        return folder;
    }

    /** The byte tokens only, no merges and no special tokens, as a GPT-2 vocabulary has none of ours. */
    private BpeTokenizer withoutSpecialTokens(BpeTokenizer tokenizer) throws IOException {
        Path folder = dir.resolve("bytes-only");
        tokenizer.save(folder);
        ObjectMapper json = new ObjectMapper();
        ObjectNode vocab = (ObjectNode) json.readTree(folder.resolve(BpeTokenizer.VOCAB_FILE).toFile());
        ObjectNode bytes = json.createObjectNode();
        vocab.properties().stream().filter(e -> e.getValue().asInt() < 256).forEach(e -> bytes.set(e.getKey(), e.getValue()));
        json.writeValue(folder.resolve(BpeTokenizer.VOCAB_FILE).toFile(), bytes);
        Files.writeString(folder.resolve(BpeTokenizer.MERGES_FILE), "#version: 0.2\n");
        Files.delete(folder.resolve(BpeTokenizer.SPECIAL_TOKENS_FILE));
        return BpeTokenizer.load(folder, "test");
    }
}
