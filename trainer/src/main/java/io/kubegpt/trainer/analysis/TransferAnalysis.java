package io.kubegpt.trainer.analysis;

import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.files.AtomicFiles;
import io.kubegpt.trainer.finetune.BaseCheckpoint;
import io.kubegpt.trainer.finetune.FinetuneRun;
import io.kubegpt.trainer.report.RunReport;
import io.kubegpt.trainer.spec.SpecReader;
import io.kubegpt.trainer.train.TrainingProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The GPT-1 paper's analysis of fine-tuning (section 5: Figure 2, left, and the ablations of Table 5) for one base
 * and one task: the task's fine-tune from scratch, then with 0 to L of the base's L blocks transferred, with the
 * auxiliary language-model objective and without it (weight 0); each configuration once per seed, from the spec's
 * seed on (a fine-tune of a tiny model on a small task scores differently from one seed to the next). The fine-tunes
 * run one after another in this process, each from a fresh folder under {@value #RUNS}/ with its console output in
 * {@value #LOG}; then
 * {@value #TABLE} holds the table of their scores and times and {@value #PICTURE} the final score against the
 * layers transferred.
 */
public final class TransferAnalysis {

    public static final String TABLE = "analysis.md";
    public static final String PICTURE = "layers-transferred.png";
    public static final String RUNS = "runs";
    public static final String LOG = "console.log";
    /** The paper's auxiliary weight: "with the objective" when the task's own spec turns it off. */
    static final double PAPER_AUX_LM_WEIGHT = 0.5;

    /**
     * @param file      the GPTFinetune resource of the task
     * @param overrides {@code --set} overrides applied to every fine-tune before its configuration's own
     * @param base      the base checkpoint, checkpoints or run folder
     * @param seeds     how many seeds each configuration runs with
     */
    public record Inputs(Path file, List<String> overrides, Path base, Path output, int threads, int seeds) {
    }

    private final Inputs inputs;
    private final PrintStream console;

    public TransferAnalysis(Inputs inputs, PrintStream console) {
        this.inputs = inputs;
        this.console = console;
    }

    /** Runs every configuration, writes the table and the picture, and returns the outcomes in the table's order. */
    public List<Outcome> run() {
        GPTFinetune job = SpecReader.finetune(inputs.file(), inputs.overrides());
        Path baseFolder = BaseCheckpoint.folder(inputs.base(), "spec.base");
        int baseLayers = ModelCheckpoint.config(baseFolder).layers();
        double auxLmWeight = job.getSpec().getTraining().getAuxLmWeight() > 0
                ? job.getSpec().getTraining().getAuxLmWeight() : PAPER_AUX_LM_WEIGHT;
        List<Configuration> configurations = Configuration.all(baseLayers, auxLmWeight);
        long firstSeed = job.getSpec().getTraining().getSeed();
        console.printf("%d fine-tunes of %s from %s (%d layers), into %s%n", configurations.size() * inputs.seeds(),
                inputs.file(), baseFolder, baseLayers, inputs.output());
        long start = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>();
        for (Configuration configuration : configurations) {
            Outcome outcome = run(configuration, firstSeed);
            console.println(outcome.describe());
            outcomes.add(outcome);
        }
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        String task = job.getMetadata().getName() + " (" + job.getSpec().getTask().getType() + ")";
        String heading = String.format(Locale.ROOT, "Fine-tunes of %s from %s (%d layers), scored on %s; "
                + "%d runs in %.1f s with %d thread%s.", task, baseFolder, baseLayers, evaluationFile(job),
                outcomes.size() * inputs.seeds(), total.toMillis() / 1000.0, inputs.threads(),
                inputs.threads() == 1 ? "" : "s");
        String table = AnalysisReport.table(heading, outcomes, inputs.seeds());
        try {
            AtomicFiles.writeString(inputs.output().resolve(TABLE), table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AnalysisReport.picture(inputs.output().resolve(PICTURE), "Layers transferred: " + task, outcomes,
                inputs.seeds());
        console.println();
        console.print(table);
        console.println("table: " + inputs.output().resolve(TABLE) + ", picture: " + inputs.output().resolve(PICTURE));
        return outcomes;
    }

    private Outcome run(Configuration configuration, long firstSeed) {
        long start = System.nanoTime();
        List<GPTJobStatus> runs = new ArrayList<>();
        for (long seed = firstSeed; seed < firstSeed + inputs.seeds(); seed++) {
            runs.add(run(configuration, seed, inputs.output().resolve(RUNS).resolve(configuration.folder() + "-seed-"
                    + seed)));
        }
        return new Outcome(configuration, runs, Duration.ofNanos(System.nanoTime() - start));
    }

    private GPTJobStatus run(Configuration configuration, long seed, Path folder) {
        List<String> overrides = new ArrayList<>(inputs.overrides());
        overrides.addAll(configuration.overrides());
        overrides.add("training.seed=" + seed);
        GPTFinetune job = SpecReader.finetune(inputs.file(), overrides);
        try {
            AtomicFiles.deleteRecursively(folder);
            Files.createDirectories(folder);
            try (PrintStream log = new PrintStream(Files.newOutputStream(folder.resolve(LOG)), true)) {
                return new FinetuneRun(job, new FinetuneRun.Options(folder, inputs.base(), configuration.fromScratch(),
                        false), new RunReport(folder, log, inputs.threads()), TrainingProcess.alone()).run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String evaluationFile(GPTFinetune job) {
        String eval = job.getSpec().getData().getEval();
        return eval != null ? eval : job.getSpec().getData().getTrain() + " (the training file: no evaluation file)";
    }
}
