package io.kubegpt.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.trainer.TrainingDivergedException;
import io.kubegpt.trainer.TransientFailureException;
import io.kubegpt.trainer.UnsupportedGpuException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Bad input, or a GPU the CUDA backend cannot run on, ends with exit code 2 and one line naming the field or the GPU;
 * a persisting transient failure with 4.
 */
class MainTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    @Test
    void aMissingFile() {
        assertThat(execute("pretrain", dir.resolve("nope.yaml").toString())).isEqualTo(Main.INVALID_INPUT);
        assertThat(errorLine()).startsWith("error: FILE: no such file").contains("nope.yaml");
    }

    @Test
    void badYaml() throws IOException {
        assertThat(execute("pretrain", write("kind: GPTPretrain\nspec: {model: [\n"))).isEqualTo(Main.INVALID_INPUT);
        assertThat(errorLine()).contains("not valid YAML");
    }

    @Test
    void aValueOutOfRange() throws IOException {
        assertThat(execute("pretrain", write("kind: GPTPretrain\nspec: {model: {dropout: 1.5}}\n")))
                .isEqualTo(Main.INVALID_INPUT);
        assertThat(errorLine()).isEqualTo("error: spec.model.dropout: Invalid value: 1.5: should be less than 1");
    }

    @Test
    void dModelNotDivisibleByHeads() throws IOException {
        assertThat(execute("pretrain", write("kind: GPTPretrain\n"), "--set", "model.heads=5"))
                .isEqualTo(Main.INVALID_INPUT);
        assertThat(errorLine()).startsWith("error: spec.model.dModel: 768 is not divisible by spec.model.heads (5)");
    }

    @Test
    void aContextLargerThanTheData() throws IOException {
        Path corpus = dir.resolve("corpus.txt");
        Files.writeString(corpus, "A very short corpus.\n\nIt has two paragraphs.\n");
        String job = write("kind: GPTPretrain\nmetadata: {name: short}\nspec:\n  data: {path: " + corpus + "}\n"
                + "  tokenizer: {vocabSize: 270}\n  model: {layers: 1, dModel: 32, heads: 2, ffn: 64, context: 64}\n");

        assertThat(execute("pretrain", job, "--output", dir.resolve("out").toString())).isEqualTo(Main.INVALID_INPUT);
        assertThat(errorLine()).startsWith("error: spec.model.context:");
    }

    @Test
    void aMissingCorpusPath() throws IOException {
        String job = write("kind: GPTPretrain\nspec: {data: {path: " + dir.resolve("missing") + "}}\n");

        assertThat(execute("pretrain", job, "--output", dir.resolve("out").toString())).isEqualTo(Main.INVALID_INPUT);
        assertThat(errorLine()).startsWith("error: spec.data.path:");
    }

    @Test
    void anUnknownOption() {
        assertThat(execute("pretrain", "--frobnicate")).isEqualTo(Main.INVALID_INPUT);
    }

    @Test
    void aCheckpointThatIsNotThere() {
        assertThat(execute("generate", "--checkpoint", dir.toString(), "--prompt", "hi")).isEqualTo(Main.INVALID_INPUT);
        assertThat(errorLine()).startsWith("error: --checkpoint:");
    }

    @Test
    void aTransientFailure() throws Exception {
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.getExecutionExceptionHandler().handleExecutionException(
                new TransientFailureException("GET http://corpus: 8 attempts failed", null), commandLine, null);
        assertThat(code).isEqualTo(4);
        assertThat(errorLine()).isEqualTo("error: GET http://corpus: 8 attempts failed");
    }

    @Test
    void aDivergedTrainingExitsWithItsOwnCodeInOneLine() throws Exception {
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.getExecutionExceptionHandler().handleExecutionException(
                new TrainingDivergedException(12, Double.NaN), commandLine, null);
        assertThat(code).isEqualTo(5).isEqualTo(TrainerExitCodes.DIVERGED);
        assertThat(errorLine()).startsWith("error: training diverged at step 12: the gradient norm is NaN");
    }

    @Test
    void aGpuTheCudaBackendCannotRunOnExitsWithTwoInOneLine() throws Exception {
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.getExecutionExceptionHandler().handleExecutionException(
                new UnsupportedGpuException("NVIDIA H200 (compute capability 9.0) cannot run this trainer"),
                commandLine, null);
        assertThat(code).isEqualTo(TrainerExitCodes.INVALID_INPUT);
        assertThat(err.toString()).isEqualTo("error: NVIDIA H200 (compute capability 9.0) cannot run this trainer"
                + System.lineSeparator());
    }

    private int execute(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private String errorLine() {
        return err.toString().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse(err.toString());
    }

    private String write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "job", ".yaml");
        Files.writeString(file, yaml);
        return file.toString();
    }
}
