package io.kubegpt.trainer.pretrain;

import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.data.BatchSampler;
import io.kubegpt.trainer.distributed.RankGroup;
import io.kubegpt.trainer.model.LanguageModel;

/**
 * The validation windows an evaluation averages over, cut into micro-batches of {@code size} windows, the micro-batch
 * a rank trains with, so that evaluating needs no more memory than training. {@code spec.evaluation.batches} counts
 * batches of {@code batchSize / gradientAccumulation} windows (as many as the validation split holds, if fewer); the
 * ranks share the micro-batches out (micro-batch i on rank i mod ranks).
 */
public record ValidationBatches(BatchSampler sampler, int size, int count) {

    /** The windows of {@code batches} evaluation batches of a run of {@code ranks} ranks and {@code accumulation}. */
    public static ValidationBatches of(BatchSampler sampler, int batches, int accumulation, int ranks) {
        int batch = Math.max(1, sampler.globalBatch() / accumulation);
        int size = Math.max(1, batch / ranks);
        long windows = Math.min((long) batches, sampler.validationWindows() / batch) * batch;
        if (windows == 0) {
            throw new InvalidInputException("spec.data.validationFraction", "the validation split holds "
                    + sampler.validationWindows() + " windows of " + (sampler.context() + 1) + " tokens, fewer than "
                    + "one batch of " + batch + ": raise validationFraction or use a larger corpus");
        }
        return new ValidationBatches(sampler, size, (int) (windows / size));
    }

    /** A collective: the mean loss of {@code model} over all micro-batches, this rank computing its share. */
    public double meanLoss(LanguageModel model, RankGroup group) {
        int ranks = group.worldSize();
        int rank = group.rank();
        int mine = count / ranks + (rank < count % ranks ? 1 : 0);
        double local = mine == 0 ? 0 : model.validationLoss((index, micro) ->
                sampler.validationBatch(rank + index * ranks, size), mine);
        if (ranks == 1) {
            return local;
        }
        double[] sums = group.sum(local * mine, mine);
        return sums[0] / sums[1];
    }

    public long windows() {
        return (long) size * count;
    }
}
