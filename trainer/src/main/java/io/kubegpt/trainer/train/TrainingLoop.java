package io.kubegpt.trainer.train;

import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.trainer.checkpoint.CheckpointState;
import io.kubegpt.trainer.checkpoint.CheckpointStore;
import io.kubegpt.trainer.distributed.BucketedAllReduce;
import io.kubegpt.trainer.distributed.DistributedSettings;
import io.kubegpt.trainer.distributed.ParameterHash;
import io.kubegpt.trainer.distributed.RankGroup;
import io.kubegpt.trainer.model.TrainableModel;
import io.kubegpt.trainer.model.TrainingBatches;
import io.kubegpt.trainer.optim.GradientReducer;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.report.RunReport;
import io.kubegpt.trainer.report.TrainingOutcome;
import io.kubegpt.trainer.stop.StopRequest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The training loop of every run, pre-training or fine-tuning, on every rank. Each step:
 *
 * <ol>
 *   <li>forward and backward passes of the step's micro-batches ({@link Trainer#accumulateGradients}), which leave
 *       the gradients summed in the optimizer;
 *   <li>one all-reduce of the step's loss and the stop flag ({@link #endOfStep});
 *   <li>the update ({@link Trainer#update}): gradients averaged across ranks, clipped, AdamW;
 *   <li>the report, and evaluation and checkpoint at their cadence.
 * </ol>
 *
 * <p>What a run adds is in its {@link Hooks}: how many tokens a step trains on, how it evaluates, what a checkpoint
 * holds besides the weights.
 *
 * <p>Data-parallel: every rank runs this loop with its own batches. It starts from rank 0's parameters and optimizer
 * state, each step's gradients are averaged across ranks ({@link BucketedAllReduce}) and every rank applies the same
 * update; a hash of the parameters is compared across ranks every {@code hashEvery} steps and at the end.
 * Evaluation runs on all ranks (a run's hook shares the work out); rank 0 alone reports and writes checkpoints.
 *
 * <p>A {@link StopRequest} (SIGTERM) ends the loop without losing a step: once the loop begins, a request waits for
 * the end of a step, where the ranks agree to stop after the same step whichever of them got the signal. Rank 0
 * writes that step's checkpoint, and the loop ends {@link TrainingOutcome.Ending#STOPPED}, which the CLI turns into
 * exit code {@code STOPPED}; resuming continues from that checkpoint.
 */
public final class TrainingLoop {

    /** What a run adds to the loop. */
    public interface Hooks {

        /** Tokens the global batch of {@code step} (counted from 0) trains on. */
        long tokens(long step);

        /**
         * Evaluates after step {@code done} (counted from 1) on every rank, alike (a collective); returns the loss
         * the checkpoints record as the validation loss.
         */
        double evaluate(long done);

        /** Rank 0: what a checkpoint in {@code state} holds; {@code weights} writes the parameters and optimizer state. */
        CheckpointStore.Writer checkpoint(CheckpointState state, CheckpointStore.Writer weights);
    }

    /** When a run evaluates and checkpoints: every {@code *Every} steps and after the last. */
    public record Cadence(long totalSteps, long evaluateEvery, long checkpointEvery) {
    }

    /** The step's loss averaged over the ranks, and whether they all stop after this step. */
    public record StepEnd(double loss, boolean stop) {
    }

    private final TrainingProcess process;
    private final RankGroup group;
    private final RunReport report;
    private final CheckpointStore store;
    private final BucketedAllReduce allReduce;
    private final Trainer trainer;

    /**
     * This rank's loop over {@code model}, trained on {@code batches} (this rank's micro-batches of each step) with
     * {@code seed} for its dropout; {@code report} is used by rank 0 only.
     */
    public TrainingLoop(TrainingProcess process, RunReport report, CheckpointStore store, TrainableModel model,
                        OptimizerConfig optimizer, TrainingBatches batches, long seed) {
        this.process = process;
        this.group = process.group();
        this.report = report;
        this.store = store;
        DistributedSettings settings = process.settings();
        this.allReduce = group.worldSize() > 1 ? new BucketedAllReduce(group, settings.bucketBytes()) : null;
        this.trainer = new Trainer(model, optimizer, batches, seed, allReduce != null ? allReduce : GradientReducer.LOCAL,
                group.rank(), process.threads());
    }

    /** For a resume before {@link #run}: rank 0 loads its checkpoint into this. */
    Trainer trainer() {
        return trainer;
    }

    /** Trains from step {@code start} to the end, or to a stop on request. */
    public TrainingOutcome run(long start, Cadence cadence, Hooks hooks) {
        synchronize();
        long totalSteps = cadence.totalSteps();
        boolean leader = group.leader();
        StopRequest stop = process.stop();
        double validationLoss = Double.NaN;
        double loss = Double.NaN;
        long stepNanos = 0;
        stop.deferToStepBoundary();
        for (long step = start; step < totalSteps; step++) {
            long began = System.nanoTime();
            long done = step + 1;
            int at = Math.toIntExact(step);
            double rankLoss = trainer.accumulateGradients(at);
            StepEnd end = endOfStep(group, stop, done, totalSteps, rankLoss);
            double learningRate = trainer.update(at);
            loss = end.loss();
            long nanos = System.nanoTime() - began;
            stepNanos += nanos;
            if (leader) {
                report.stepDone(done, loss, learningRate, hooks.tokens(step), nanos);
            }
            boolean last = done == totalSteps;
            long hashEvery = process.settings().hashEvery();
            if (group.worldSize() > 1 && (last || hashEvery > 0 && done % hashEvery == 0)) {
                long hash = ParameterHash.check(group, trainer.model().parameters(), done);
                if (last) {
                    System.out.printf(Locale.ROOT, "rank %d: parameters identical on all %d ranks after step %,d "
                            + "(hash %016x)%n", group.rank(), group.worldSize(), done, hash);
                }
            }
            if (done % cadence.evaluateEvery() == 0 || last) {
                validationLoss = hooks.evaluate(done);
            }
            if (done % cadence.checkpointEvery() == 0 || last || end.stop()) {
                checkpoint(done, loss, validationLoss, hooks);
            }
            if (end.stop()) {
                return stopped(done, loss);
            }
        }
        reportAllReduceShare(stepNanos, totalSteps - start);
        return new TrainingOutcome(TrainingOutcome.Ending.FINISHED, totalSteps, loss,
                String.format(Locale.ROOT, "trained %,d steps", totalSteps));
    }

    /**
     * Every rank at the end of step {@code done} (counted from 1) with its loss; a collective. The ranks' losses and
     * stop requests are summed in one all-reduce, so agreeing to stop costs no collective of its own and all ranks
     * stop after the same step. A request after the last step changes nothing: the run is complete.
     */
    public static StepEnd endOfStep(RankGroup group, StopRequest stop, long done, long totalSteps, double loss) {
        double[] sums = group.sum(loss, stop.requested() ? 1 : 0);
        return new StepEnd(sums[0] / group.worldSize(), sums[1] > 0 && done < totalSteps);
    }

    /** The end after step {@code step}, once rank 0 has written that step's checkpoint. */
    private TrainingOutcome stopped(long step, double loss) {
        String line = "stopped on request at step " + step + "; checkpoint " + RunLayout.checkpointFolder(step)
                + " written; resume continues from it";
        if (!group.leader()) {
            System.out.println("rank " + group.rank() + ": " + line);
        }
        return new TrainingOutcome(TrainingOutcome.Ending.STOPPED, step, loss, line);
    }

    /**
     * Rank 0 writes the checkpoint of step {@code done} while the others wait for it in rank 0's store, not in a
     * collective: a checkpoint may take longer than the collective timeout (GPT-1's, 1.4 GB, takes seconds to
     * minutes), which bounds only how long ranks wait for each other's compute.
     */
    private void checkpoint(long done, double loss, double validationLoss, Hooks hooks) {
        group.fromLeader("checkpoint/" + done, () -> {
            CheckpointState state = new CheckpointState(done, loss, Double.isNaN(validationLoss) ? null
                    : validationLoss, report.tokens(), trainer.seed(), Instant.now().toString(),
                    process.attempt().attempt());
            report.checkpointed(store.save(done, hooks.checkpoint(state, trainer::save)), state, store);
            return RunLayout.checkpointFolder(done);
        });
    }

    /** Every rank continues from rank 0's parameters and optimizer state. */
    private void synchronize() {
        if (group.worldSize() == 1) {
            return;
        }
        for (Map<String, INDArray> arrays : List.of(trainer.model().parameters(), trainer.optimizer().state())) {
            for (INDArray array : arrays.values()) {
                group.broadcast(array, 0);
            }
        }
    }

    private void reportAllReduceShare(long stepNanos, long steps) {
        if (allReduce == null || stepNanos == 0) {
            return;
        }
        String share = String.format(Locale.ROOT, "rank %d: waiting for the all-reduce %.1f%% of step time "
                + "(%d bucket%s, %.1f ms per step)", group.rank(), 100.0 * allReduce.collectiveNanos() / stepNanos,
                allReduce.buckets(), allReduce.buckets() == 1 ? "" : "s", allReduce.collectiveNanos() / 1e6 / steps);
        if (group.leader()) {
            report.message(share);
        } else {
            System.out.println(share);
        }
    }
}
