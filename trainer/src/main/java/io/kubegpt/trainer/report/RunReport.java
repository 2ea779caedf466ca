package io.kubegpt.trainer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.api.v1alpha1.Benchmark;
import io.kubegpt.api.v1alpha1.CheckpointRecord;
import io.kubegpt.api.v1alpha1.Checkpoints;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.api.v1alpha1.Progress;
import io.kubegpt.api.v1alpha1.ZeroShotScore;
import io.kubegpt.trainer.checkpoint.CheckpointState;
import io.kubegpt.trainer.checkpoint.CheckpointStore;
import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.files.AtomicFiles;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.progress.ProgressChannel;
import io.kubegpt.trainer.runtime.DevicePeak;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What a run tells the world while it trains: progress lines on the console, {@code summary.json} shaped like the
 * resource's status (phase, progress, checkpoints, benchmark), the loss history and its picture; in a pod, the same
 * status through the {@link ProgressChannel} to the operator.
 */
public final class RunReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long PRINT_EVERY_NANOS = Duration.ofSeconds(2).toNanos();
    private static final long WRITE_EVERY_NANOS = Duration.ofSeconds(10).toNanos();
    /** Steps keep speeding up for about a hundred steps; the benchmark counts the steady ones after them. */
    private static final int WARMUP_STEPS = 100;

    private final Path output;
    private final PrintStream console;
    private final int threads;
    private final ProgressChannel channel;
    private int workers = 1;
    private final GPTJobStatus status = new GPTJobStatus();
    private LossHistory history = new LossHistory();
    private ZeroShotHistory zeroShot = new ZeroShotHistory();
    private String title = "";
    private GPTConfig config;
    private long stepsPerEpoch;
    private long steadyFrom;
    private long steadyTokens;
    private long steadyNanos;
    private double recentStepNanos;
    private long tokens;
    private long lastPrint;
    private long lastWrite;

    public RunReport(Path output, PrintStream console, int threads) {
        this(output, console, threads, ProgressChannel.fromEnvironment());
    }

    public RunReport(Path output, PrintStream console, int threads, ProgressChannel channel) {
        this.output = output;
        this.console = console;
        this.threads = threads;
        this.channel = channel;
        status.setPhase(Phase.Pending);
    }

    /** Data-parallel ranks the run's throughput is shared by (default 1). */
    public void workers(int ranks) {
        this.workers = ranks;
    }

    public void message(String line) {
        console.println(line);
    }

    public void started(GPTConfig config, long totalSteps, long startStep, long stepsPerEpoch, CheckpointStore store) {
        this.config = config;
        this.stepsPerEpoch = stepsPerEpoch;
        this.steadyFrom = startStep + Math.min(WARMUP_STEPS, (totalSteps - startStep) / 2);
        this.title = String.format(Locale.ROOT, "GPT %d layers, d %d, %d heads, context %d, vocab %,d (%,d parameters)",
                config.layers(), config.dModel(), config.heads(), config.context(), config.vocabSize(),
                config.parameterCount());
        status.setPhase(Phase.Running);
        if (status.getStartTime() == null) {
            status.setStartTime(Instant.now().toString());
        }
        Progress progress = status.getProgress() != null ? status.getProgress() : new Progress();
        progress.setStep(startStep);
        progress.setTotalSteps(totalSteps);
        status.setProgress(progress);
        Benchmark benchmark = benchmark();
        benchmark.setParameters(config.parameterCount());
        console.println(title);
        if (startStep >= totalSteps) {
            console.printf(Locale.ROOT, "%s already holds the finished run (%,d steps); choose another --output or "
                    + "delete it to train again%n", output, totalSteps);
        } else {
            console.printf(Locale.ROOT, "training %,d steps (%.2f epochs of %,d steps) from step %,d%n", totalSteps,
                    (double) totalSteps / stepsPerEpoch, stepsPerEpoch, startStep);
        }
        writeSummary();
    }

    /** Continues the history, checkpoints and benchmark that the run wrote before it stopped. */
    public void resumed(Path checkpoint, CheckpointState state) {
        history = LossHistory.read(output.resolve(LossHistory.FILE), state.step());
        zeroShot = ZeroShotHistory.read(output.resolve(ZeroShotHistory.FILE), state.step());
        tokens = state.tokens();
        Path summary = output.resolve(RunLayout.SUMMARY);
        if (Files.isRegularFile(summary)) {
            try {
                GPTJobStatus previous = JSON.readValue(summary.toFile(), GPTJobStatus.class);
                status.setStartTime(previous.getStartTime());
                status.setProgress(previous.getProgress());
                status.setCheckpoints(previous.getCheckpoints());
                status.setBenchmark(previous.getBenchmark());
            } catch (IOException e) {
                console.println("ignoring unreadable " + summary + ": " + e.getMessage());
            }
        }
        console.printf(Locale.ROOT, "resuming from %s (step %,d, loss %.4f%s)%n", checkpoint, state.step(), state.loss(),
                state.attempt() == null ? "" : ", written by attempt " + state.attempt());
    }

    public void stepDone(long step, double loss, double learningRate, long stepTokens, long nanos) {
        tokens += stepTokens;
        recentStepNanos = recentStepNanos == 0 ? nanos : 0.9 * recentStepNanos + 0.1 * nanos;
        if (step > steadyFrom) {
            steadyTokens += stepTokens;
            steadyNanos += nanos;
        }
        history.train(step, loss);
        Progress progress = status.getProgress();
        progress.setStep(step);
        progress.setLoss(loss);
        progress.setLearningRate(learningRate);
        progress.setEpoch((double) step / stepsPerEpoch);
        progress.setTokensPerSecond(stepTokens / (recentStepNanos / 1e9));
        progress.setEtaSeconds(Math.round((progress.getTotalSteps() - step) * recentStepNanos / 1e9));
        progress.setUpdateTime(Instant.now().toString());
        long now = System.nanoTime();
        if (now - lastPrint >= PRINT_EVERY_NANOS || step == progress.getTotalSteps()) {
            lastPrint = now;
            console.println(ProgressLine.format(step, progress.getTotalSteps(), loss, learningRate,
                    progress.getTokensPerSecond(), Duration.ofSeconds(progress.getEtaSeconds())));
        }
        if (now - lastWrite >= WRITE_EVERY_NANOS) {
            writeSummary();
        } else {
            channel.update(status);
        }
    }

    public void evaluated(long step, double validationLoss) {
        history.validation(step, validationLoss);
        benchmark().setValidationLoss(validationLoss);
        benchmark().setPerplexity(Math.exp(validationLoss));
        console.printf(Locale.ROOT, "step %,d: validation loss %.4f, perplexity %.2f%n", step, validationLoss,
                Math.exp(validationLoss));
        history.write(output.resolve(LossHistory.FILE));
        LossCurvePlot.write(output.resolve(LossCurvePlot.FILE), title, history);
        writeSummary();
    }

    /** A pre-train's zero-shot scores at {@code step}: status, console, and the curves of every task so far. */
    public void zeroShotEvaluated(long step, List<ZeroShotScore> scores) {
        benchmark().setZeroShot(scores);
        zeroShot.add(scores);
        console.printf(Locale.ROOT, "step %,d: zero-shot accuracy %s%n", step, String.join(", ", scores.stream()
                .map(s -> String.format(Locale.ROOT, "%s %.3f (chance %.3f)", s.getName(), s.getAccuracy(),
                        s.getChance())).toList()));
        zeroShot.write(output);
        writeSummary();
    }

    /**
     * A fine-tune's evaluation: {@code update} writes the task metrics into the benchmark, the evaluation loss joins
     * the loss history as its validation curve, and {@code line} goes to the console.
     */
    public void taskEvaluated(long step, double evaluationLoss, String line, java.util.function.Consumer<Benchmark> update) {
        history.validation(step, evaluationLoss);
        benchmark().setValidationLoss(evaluationLoss);
        update.accept(benchmark());
        console.println(line);
        history.write(output.resolve(LossHistory.FILE));
        LossCurvePlot.write(output.resolve(LossCurvePlot.FILE), title, history);
        writeSummary();
    }

    private static CheckpointRecord record(CheckpointState state, Path folder) {
        CheckpointRecord record = new CheckpointRecord(state.step(), folder.toString(), state.loss(), state.time());
        record.setAttempt(state.attempt());
        return record;
    }

    public void checkpointed(CheckpointStore.Saved written, CheckpointState state, CheckpointStore store) {
        Path checkpoint = written.folder();
        List<CheckpointRecord> kept = store.list().stream()
                .map(path -> record(ModelCheckpoint.state(path), path)).toList();
        Checkpoints checkpoints = new Checkpoints();
        checkpoints.setKept(kept);
        checkpoints.setLatest(record(state, checkpoint));
        status.setCheckpoints(checkpoints);
        console.printf(Locale.ROOT, "step %,d: checkpoint %s (%,.1f MB written in %.2f s)%n", state.step(), checkpoint,
                written.bytes() / 1e6, written.nanos() / 1e9);
        history.write(output.resolve(LossHistory.FILE));
        writeSummary();
    }

    /** Tokens trained so far, over resumes. */
    public long tokens() {
        return tokens;
    }

    /**
     * Rank 0, once training has ended at {@code outcome}: the final summary and picture, with the benchmark
     * (throughput, MFU, device) completed after a finished run; returns the run's status.
     */
    public GPTJobStatus ended(TrainingOutcome outcome) {
        status.setPhase(phase(outcome));
        status.setMessage(outcome.message());
        if (outcome.ending() == TrainingOutcome.Ending.FINISHED) {
            finished();
        } else {
            writeFinal();
            console.println(outcome.message());
        }
        return status;
    }

    /**
     * The status of a rank that does not report: {@code outcome}'s phase ({@link Phase#Suspended} after a stop on
     * request: its pods go, its checkpoints stay) and message.
     */
    public static GPTJobStatus statusOf(TrainingOutcome outcome) {
        GPTJobStatus status = new GPTJobStatus();
        status.setPhase(phase(outcome));
        status.setMessage(outcome.message());
        return status;
    }

    private static Phase phase(TrainingOutcome outcome) {
        return switch (outcome.ending()) {
            case FINISHED -> Phase.Succeeded;
            case STOPPED -> Phase.Suspended;
        };
    }

    private void finished() {
        DeviceInfo device = DeviceInfo.current(threads);
        Benchmark benchmark = benchmark();
        benchmark.setDevice(device.device());
        benchmark.setBackend(device.backend());
        if (steadyNanos > 0) {
            double tokensPerSecond = steadyTokens / (steadyNanos / 1e9);
            benchmark.setTokensPerSecond(tokensPerSecond);
            benchmark.setTokensPerSecondPerWorker(tokensPerSecond / workers);
            DevicePeak.utilisation(tokensPerSecond / workers * config.flopsPerToken(), DevicePeak.measure())
                    .ifPresent(benchmark::setMfu);
        }
        status.getProgress().setEtaSeconds(0L);
        status.setCompletionTime(Instant.now().toString());
        writeFinal();
        if (benchmark.getTokensPerSecond() != null) {
            console.printf(Locale.ROOT, "throughput %,.0f tokens/s, MFU %s on %s%n", benchmark.getTokensPerSecond(),
                    benchmark.getMfu() == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * benchmark.getMfu()),
                    device.device());
        }
        console.println("wrote " + output.resolve(RunLayout.SUMMARY) + " and " + output.resolve(LossCurvePlot.FILE)
                + (zeroShot.isEmpty() ? "" : " and " + output.resolve(ZeroShotHistory.PICTURE)));
    }

    public GPTJobStatus status() {
        return status;
    }

    /** The last report of the run: loss history, picture, summary and the operator's final status. */
    private void writeFinal() {
        history.write(output.resolve(LossHistory.FILE));
        LossCurvePlot.write(output.resolve(LossCurvePlot.FILE), title, history);
        writeSummary();
        channel.finish(status);
    }

    private Benchmark benchmark() {
        if (status.getBenchmark() == null) {
            status.setBenchmark(new Benchmark());
        }
        return status.getBenchmark();
    }

    private void writeSummary() {
        lastWrite = System.nanoTime();
        try {
            Files.createDirectories(output);
            AtomicFiles.writeString(output.resolve(RunLayout.SUMMARY), JSON.writeValueAsString(status));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel.update(status);
    }
}
