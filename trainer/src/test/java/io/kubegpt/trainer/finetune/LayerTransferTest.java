package io.kubegpt.trainer.finetune;

import static io.kubegpt.trainer.finetune.FinetuneRunTest.execute;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.api.v1alpha1.TaskType;
import io.kubegpt.trainer.checkpoint.CheckpointStore;
import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.cli.Main;
import io.kubegpt.trainer.model.GPT;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** spec.base.layers: which of a two-block base's weights a fine-tune starts from, what it records, and refusals. */
class LayerTransferTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int BASE_LAYERS = 2;
    static final long SEED = 11;

    @TempDir
    static Path dir;
    static Path base;
    static Path job;

    @BeforeAll
    static void pretrainATwoBlockBase() throws IOException {
        base = TinyBase.pretrain(dir.resolve("base"), BASE_LAYERS);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            rows.add(i % 2 == 0 ? "the cat sat number " + i + ",cat" : "a dog ran number " + i + ",dog");
        }
        job = PetsFinetune.write(dir, rows, "epochs: 1, batchSize: 8, seed: " + SEED, "");
    }

    @Test
    void transfersExactlyTheEmbeddingsAndTheFirstBlocksAndInitialisesTheRestAsAFreshModel() {
        BaseCheckpoint checkpoint = BaseCheckpoint.read(base, "spec.base", SEED);
        Map<String, INDArray> pretrained = checkpoint.weights();
        for (int k = 0; k <= BASE_LAYERS; k++) {
            FinetuneModel fresh = model(checkpoint);
            FinetuneModel model = model(checkpoint);
            model.loadBaseWeights(pretrained, k);
            for (Map.Entry<String, INDArray> parameter : model.parameters().entrySet()) {
                String name = parameter.getKey();
                INDArray value = parameter.getValue();
                INDArray initial = fresh.parameters().get(name);
                if (name.equals(FinetuneModel.HEAD_WEIGHT) || name.equals(FinetuneModel.HEAD_BIAS)) {
                    assertThat(value).as("%s with %d blocks", name, k).isEqualTo(initial);
                    continue;
                }
                int block = blockOf(name);
                if (block < k) {
                    assertThat(value).as("%s with %d blocks: the base's", name, k).isEqualTo(pretrained.get(name));
                } else {
                    assertThat(value).as("%s with %d blocks: a fresh model's", name, k).isEqualTo(initial);
                    // the key bias never trains (it shifts every key's score alike, which softmax ignores): the
                    // base's is still the initial zero
                    if (!name.endsWith("attn_k_bias")) {
                        assertThat(value).as("%s with %d blocks: not the base's", name, k)
                                .isNotEqualTo(pretrained.get(name));
                    }
                }
            }
        }
    }

    @Test
    void aCheckpointRecordsTheBlocksTransferredAndAResumeMustKeepThem() throws IOException {
        Path out = dir.resolve("one-block");
        StringWriter err = new StringWriter();
        assertThat(execute(err, "finetune", job.toString(), "--base", base.toString(), "--output", out.toString(),
                "--threads", "1", "--base-layers", "1", "--set", "training.steps=1")).as(err.toString()).isZero();
        Path first = ModelCheckpoint.resolve(out);
        JsonNode task = JSON.readTree(first.resolve(FinetuneRun.TASK_FILE).toFile());
        assertThat(task.path("baseLayers").asInt()).isEqualTo(1);
        assertThat(task.path("fromScratch").asBoolean()).isFalse();

        StringWriter all = new StringWriter();
        assertThat(execute(all, "finetune", job.toString(), "--base", base.toString(), "--output", out.toString(),
                "--threads", "1", "--set", "training.steps=2")).isEqualTo(Main.INVALID_INPUT);
        assertThat(all.toString()).startsWith("error: spec.base.layers: the checkpoint " + first)
                .contains("fine-tuned from 1 of the base's 2 layers, not 2");
        assertThat(ModelCheckpoint.resolve(out)).isEqualTo(first);

        StringWriter same = new StringWriter();
        assertThat(execute(same, "finetune", job.toString(), "--base", base.toString(), "--output", out.toString(),
                "--threads", "1", "--set", "base.layers=1", "--set", "training.steps=2")).as(same.toString()).isZero();
        Path resumed = ModelCheckpoint.resolve(out);
        assertThat(CheckpointStore.stepOf(resumed)).isEqualTo(2);
        assertThat(JSON.readTree(resumed.resolve(FinetuneRun.TASK_FILE).toFile()).path("baseLayers").asInt()).isEqualTo(1);
    }

    @Test
    void theEmbeddingsAloneAndTheWholeBaseAreTheEdges() throws IOException {
        for (int k : new int[] {0, BASE_LAYERS}) {
            Path out = dir.resolve("blocks-" + k);
            StringWriter err = new StringWriter();
            assertThat(execute(err, "finetune", job.toString(), "--base", base.toString(), "--output",
                    out.toString(), "--threads", "1", "--base-layers", Integer.toString(k), "--set",
                    "training.steps=1")).as(err.toString()).isZero();
            assertThat(JSON.readTree(out.resolve(RunLayout.SUMMARY).toFile()).path("phase").asText())
                    .isEqualTo("Succeeded");
            assertThat(JSON.readTree(ModelCheckpoint.resolve(out).resolve(FinetuneRun.TASK_FILE).toFile())
                    .path("baseLayers").asInt()).isEqualTo(k);
        }
    }

    @Test
    void fromScratchRecordsNothingTransferred() throws IOException {
        Path out = dir.resolve("scratch");
        StringWriter err = new StringWriter();
        assertThat(execute(err, "finetune", job.toString(), "--base", base.toString(), "--output", out.toString(),
                "--threads", "1", "--from-scratch", "--set", "training.steps=1")).as(err.toString()).isZero();
        JsonNode task = JSON.readTree(ModelCheckpoint.resolve(out).resolve(FinetuneRun.TASK_FILE).toFile());
        assertThat(task.path("fromScratch").asBoolean()).isTrue();
        assertThat(task.path("baseLayers").isNull()).isTrue();
    }

    @Test
    void refusesMoreLayersThanTheBaseHasOrFewerThanNone() {
        StringWriter above = new StringWriter();
        assertThat(execute(above, "finetune", job.toString(), "--base", base.toString(), "--output",
                dir.resolve("too-many").toString(), "--threads", "1", "--base-layers", "3")).isEqualTo(Main.INVALID_INPUT);
        assertThat(above.toString()).startsWith("error: spec.base.layers: the base has 2 layers: transfer 0 "
                + "(the embeddings alone) to 2, not 3");

        StringWriter negative = new StringWriter();
        assertThat(execute(negative, "finetune", job.toString(), "--base", base.toString(), "--output",
                dir.resolve("negative").toString(), "--set", "base.layers=-1")).isEqualTo(Main.INVALID_INPUT);
        assertThat(negative.toString()).startsWith("error: spec.base.layers:");
    }

    private static FinetuneModel model(BaseCheckpoint checkpoint) {
        return new FinetuneModel(checkpoint.config(), new TaskHead(TaskType.CLASSIFICATION, 1, 2, false), 0.5, 0, SEED);
    }

    /** The block a GPT parameter belongs to, or -1 for the embeddings; fails on any other parameter. */
    private static int blockOf(String name) {
        if (name.equals(GPT.TOKEN_EMBEDDING) || name.equals(GPT.POSITION_EMBEDDING)) {
            return -1;
        }
        return IntStream.range(0, BASE_LAYERS).filter(layer -> name.startsWith(GPT.blockPrefix(layer))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is neither an embedding nor in a block"));
    }
}
