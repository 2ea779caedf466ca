package io.kubegpt.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.trainer.analysis.TransferAnalysis;
import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.finetune.FinetuneRun;
import io.kubegpt.trainer.finetune.PetsFinetune;
import io.kubegpt.trainer.finetune.TinyBase;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The analysis command on a one-block base and a small classification task: its runs, table and picture. */
class AnalysisCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> CONFIGURATIONS = List.of("from scratch, aux LM 0.25",
            "0 layers (embeddings), aux LM 0.25", "1 layer, aux LM 0.25", "0 layers (embeddings), no aux LM",
            "1 layer, no aux LM");

    @TempDir
    static Path dir;
    static Path base;
    static Path job;

    @BeforeAll
    static void aOneBlockBaseAndATask() throws IOException {
        base = TinyBase.pretrain(dir.resolve("base"), 1);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            rows.add(i % 2 == 0 ? "the cat sat number " + i + ",cat" : "a dog ran number " + i + ",dog");
        }
        job = PetsFinetune.write(dir, rows, "epochs: 1, batchSize: 8, auxLmWeight: 0.25", "");
    }

    @Test
    void finetunesFromScratchAndFromEachNumberOfLayersWithAndWithoutTheAuxiliaryObjective() throws IOException {
        Path out = dir.resolve("analysis");

        StringWriter err = new StringWriter();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertThat(execute(err, printed, "analysis", job.toString(), "--base", base.toString(), "--output",
                out.toString(), "--threads", "1")).as(err.toString()).isZero();

        String table = Files.readString(out.resolve(TransferAnalysis.TABLE));
        List<String> tableRows = tableRows(table);
        assertThat(tableRows.get(0)).isEqualTo("| configuration | final accuracy | best accuracy (epoch) | time |");
        for (String row : tableRows.subList(1, tableRows.size())) {
            assertThat(row).as(row).matches("\\| [^|]+ \\| [01]\\.\\d{4} \\| [01]\\.\\d{4} \\(1\\) \\| \\d+\\.\\d s \\|");
        }
        assertThat(new String(printed.toByteArray(), StandardCharsets.UTF_8)).contains(table);

        BufferedImage picture = ImageIO.read(out.resolve(TransferAnalysis.PICTURE).toFile());
        assertThat(picture.getWidth()).isEqualTo(900);
        assertThat(picture.getHeight()).isEqualTo(540);

        assertThat(transferred(out, "scratch-lm-seed-42").path("fromScratch").asBoolean()).isTrue();
        assertThat(transferred(out, "layers-0-lm-seed-42").path("baseLayers").asInt()).isZero();
        assertThat(transferred(out, "layers-1-no-lm-seed-42").path("baseLayers").asInt()).isEqualTo(1);
        assertThat(Files.readString(ModelCheckpoint.resolve(out.resolve("runs/layers-1-no-lm-seed-42"))
                .resolve("job.yaml"))).contains("auxLmWeight: 0.0");
        assertThat(Files.readString(out.resolve("runs/layers-1-lm-seed-42").resolve(TransferAnalysis.LOG)))
                .contains("starting from " + base);
    }

    @Test
    void withSeveralSeedsEachConfigurationRunsOncePerSeedAndTheTableGivesTheMeanAndRange() throws IOException {
        Path out = dir.resolve("analysis-seeds");
        StringWriter err = new StringWriter();
        assertThat(execute(err, new ByteArrayOutputStream(), "analysis", job.toString(), "--base", base.toString(),
                "--output", out.toString(), "--threads", "1", "--seeds", "2", "--set", "training.seed=7"))
                .as(err.toString()).isZero();

        List<String> tableRows = tableRows(Files.readString(out.resolve(TransferAnalysis.TABLE)));
        assertThat(tableRows.get(0)).isEqualTo("| configuration | final accuracy, mean (min to max) of 2 seeds "
                + "| best accuracy, mean | time |");
        for (String row : tableRows.subList(1, tableRows.size())) {
            Matcher cells = Pattern.compile("\\| [^|]+ \\| ([01]\\.\\d{4}) \\(([01]\\.\\d{4}) to ([01]\\.\\d{4})\\) "
                    + "\\| [01]\\.\\d{4} \\| \\d+\\.\\d s \\|").matcher(row);
            assertThat(cells.matches()).as(row).isTrue();
            assertThat(Double.parseDouble(cells.group(1))).as(row)
                    .isBetween(Double.parseDouble(cells.group(2)), Double.parseDouble(cells.group(3)));
        }
        for (String run : List.of("scratch-lm", "layers-0-lm", "layers-1-lm", "layers-0-no-lm", "layers-1-no-lm")) {
            for (int seed : new int[] {7, 8}) {
                assertThat(Files.readString(ModelCheckpoint.resolve(out.resolve("runs/" + run + "-seed-" + seed))
                        .resolve("job.yaml"))).contains("seed: " + seed);
            }
        }
        assertThat(out.resolve(TransferAnalysis.PICTURE)).isNotEmptyFile();
    }

    /** The table's header and rows, checking the rows name the configurations in order. */
    private static List<String> tableRows(String table) {
        List<String> rows = table.lines().filter(line -> line.startsWith("| ")).toList();
        assertThat(rows.subList(1, rows.size()).stream().map(row -> row.split(" \\| ")[0].substring(2)).toList())
                .containsExactlyElementsOf(CONFIGURATIONS);
        return rows;
    }

    private static JsonNode transferred(Path out, String run) throws IOException {
        Path folder = out.resolve(TransferAnalysis.RUNS).resolve(run);
        assertThat(JSON.readTree(folder.resolve(RunLayout.SUMMARY).toFile()).path("phase").asText()).isEqualTo("Succeeded");
        return JSON.readTree(ModelCheckpoint.resolve(folder).resolve(FinetuneRun.TASK_FILE).toFile());
    }

    private static int execute(StringWriter err, ByteArrayOutputStream out, String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        PrintStream console = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            return commandLine.execute(args);
        } finally {
            System.setOut(console);
        }
    }
}
