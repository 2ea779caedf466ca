package io.kubegpt.trainer.train;

import io.fabric8.kubernetes.client.CustomResource;
import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.api.v1alpha1.GPTJobSpec;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.trainer.checkpoint.CheckpointState;
import io.kubegpt.trainer.checkpoint.CheckpointStore;
import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.checkpoint.TrainingInputs;
import io.kubegpt.trainer.distributed.RankGroup;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.model.TrainableModel;
import io.kubegpt.trainer.model.TrainingBatches;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.report.RunReport;
import io.kubegpt.trainer.report.TrainingOutcome;
import io.kubegpt.trainer.spec.SpecReader;
import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What every run of a job does once it knows what to train, pre-training or fine-tuning, on every rank: rank 0
 * decides the start step (0, or the step of the checkpoint the run accepts to continue, loaded into the trainer and
 * the report) and reports the start, the {@link TrainingLoop} trains, and its outcome becomes the run's status.
 * Checkpoints go to {@code checkpoints/} of the run's output folder and hold the model, the run's state, what it was
 * trained on, the tokenizer and the job's resource, plus what the run adds. A run brings its {@link Plan} and its
 * {@link Run}.
 */
public final class RunTemplate {

    /**
     * What a run trains: {@code model} of shape {@code config} with {@code optimizer} on {@code batches} (this rank's
     * micro-batches of each step) for {@code totalSteps} in epochs of {@code stepsPerEpoch}, evaluated every
     * {@code evaluateEvery}; its checkpoints record {@code inputs} and {@code tokenizer}.
     */
    public record Plan(TrainableModel model, GPTConfig config, OptimizerConfig optimizer, TrainingBatches batches,
                       long totalSteps, long stepsPerEpoch, long evaluateEvery, TrainingInputs inputs,
                       BpeTokenizer tokenizer) {
    }

    /** What a run adds to the template. */
    public interface Run {

        /** Tokens the global batch of {@code step} (counted from 0) trains on. */
        long tokens(long step);

        /** Evaluates after step {@code done} on every rank (a collective); returns the validation loss. */
        double evaluate(long done);

        /** Rank 0: the checkpoint to continue once the run has checked it, or empty to start at step 0. */
        Optional<Path> resumable();

        /** Rank 0, once the trainer and the report hold the state of the checkpoint {@link #resumable()} gave. */
        default void resumed() {
        }

        /** Rank 0: writes what a checkpoint holds besides the model into its {@code folder}. */
        default void writeCheckpointFiles(Path folder) throws IOException {
        }
    }

    private final CustomResource<? extends GPTJobSpec, GPTJobStatus> job;
    private final TrainingProcess process;
    private final RankGroup group;
    private final RunReport report;
    private final CheckpointStore store;

    /** This rank's part in a run of {@code job} into {@code output}; {@code report} is used by rank 0 only. */
    public RunTemplate(CustomResource<? extends GPTJobSpec, GPTJobStatus> job, Path output, RunReport report,
                       TrainingProcess process) {
        this.job = job;
        this.process = process;
        this.group = process.group();
        this.report = report;
        this.store = new CheckpointStore(output.resolve(RunLayout.CHECKPOINTS),
                job.getSpec().getCheckpoint().getKeepLast(), process.attempt().jobUid(), process.attempt().attempt());
        report.workers(group.worldSize());
    }

    /** The run's checkpoints. */
    public CheckpointStore store() {
        return store;
    }

    /** Trains {@code plan} from the start step rank 0 decides; returns the run's status. */
    public GPTJobStatus train(Plan plan, Run run) {
        TrainingLoop loop = new TrainingLoop(process, report, store, plan.model(), plan.optimizer(), plan.batches(),
                job.getSpec().getTraining().getSeed());
        long start = Long.parseLong(group.fromLeader("start-step", () -> Long.toString(resume(run, loop.trainer()))));
        if (group.leader()) {
            report.started(plan.config(), plan.totalSteps(), start, plan.stepsPerEpoch(), store);
        }
        TrainingLoop.Cadence cadence = new TrainingLoop.Cadence(plan.totalSteps(), plan.evaluateEvery(),
                job.getSpec().getCheckpoint().getEverySteps());
        TrainingOutcome outcome = loop.run(start, cadence, new TrainingLoop.Hooks() {
            @Override
            public long tokens(long step) {
                return run.tokens(step);
            }

            @Override
            public double evaluate(long done) {
                return run.evaluate(done);
            }

            @Override
            public CheckpointStore.Writer checkpoint(CheckpointState state, CheckpointStore.Writer weights) {
                return ModelCheckpoint.of(folder -> {
                    weights.write(folder);
                    run.writeCheckpointFiles(folder);
                }, plan.config(), state, plan.inputs(), plan.tokenizer(), SpecReader.toYaml(job));
            }
        });
        return group.leader() ? report.ended(outcome) : RunReport.statusOf(outcome);
    }

    /** Rank 0's start step: that of the checkpoint the run continues, loaded into {@code trainer}, else 0. */
    private long resume(Run run, Trainer trainer) {
        Optional<Path> checkpoint = run.resumable();
        if (checkpoint.isEmpty()) {
            return 0;
        }
        trainer.load(checkpoint.get());
        CheckpointState state = ModelCheckpoint.state(checkpoint.get());
        report.resumed(checkpoint.get(), state);
        run.resumed();
        return state.step();
    }
}
