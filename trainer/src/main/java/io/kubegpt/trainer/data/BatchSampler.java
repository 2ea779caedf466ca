package io.kubegpt.trainer.data;

import io.kubegpt.trainer.InvalidInputException;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Training batches of random contiguous windows of {@code context + 1} tokens (inputs and their next-token
 * targets), and fixed validation windows. A step's global batch depends only on (seed, step), so a resumed run
 * needs nothing but the step, and every rank derives the same global batch and takes its own slice: rank r of
 * W gets windows [r·B/W, (r+1)·B/W). Within a step the windows start at distinct positions (when the training
 * split has at least as many positions as the batch has windows), so no two ranks see the same window.
 */
public final class BatchSampler {

    private final TokenFile train;
    private final TokenFile val;
    private final int context;
    private final int globalBatch;
    private final long seed;

    public BatchSampler(TokenFile train, TokenFile val, int context, int globalBatch, long seed) {
        if (context < 1) {
            throw new InvalidInputException("spec.model.context", "context " + context + " must be at least 1");
        }
        if (globalBatch < 1) {
            throw new InvalidInputException("spec.training.batchSize",
                    "batch size " + globalBatch + " must be at least 1");
        }
        if (train.size() < context + 1L) {
            throw new InvalidInputException("spec.model.context", "context " + context + " needs at least "
                    + (context + 1) + " training tokens, but the training split has " + train.size());
        }
        this.train = train;
        this.val = val;
        this.context = context;
        this.globalBatch = globalBatch;
        this.seed = seed;
    }

    /** This rank's share of step {@code step}'s global batch: {@code globalBatch / worldSize} windows. */
    public int[][] batch(long step, int rank, int worldSize) {
        if (worldSize < 1 || rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("rank " + rank + " is not in a world of " + worldSize);
        }
        if (globalBatch % worldSize != 0) {
            throw new InvalidInputException("spec.training.batchSize", "batch size " + globalBatch
                    + " does not divide evenly among " + worldSize + " ranks");
        }
        long[] starts = windowStarts(step);
        int perRank = globalBatch / worldSize;
        int[][] windows = new int[perRank][];
        for (int i = 0; i < perRank; i++) {
            windows[i] = train.window(starts[rank * perRank + i], context + 1);
        }
        return windows;
    }

    private long[] windowStarts(long step) {
        SplittableRandom random = new SplittableRandom(seed ^ mix(step));
        long positions = train.size() - context;
        boolean distinct = positions >= globalBatch;
        Set<Long> taken = new HashSet<>();
        long[] starts = new long[globalBatch];
        for (int i = 0; i < globalBatch; i++) {
            long start;
            do {
                start = random.nextLong(positions);
            } while (distinct && !taken.add(start));
            starts[i] = start;
        }
        return starts;
    }

    /** SplitMix64's finalizer: consecutive steps give unrelated generator seeds. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Validation windows: back to back from the start of {@code val.bin}, each sharing its last token with the next. */
    public long validationWindows() {
        return val.size() < context + 1L ? 0 : (val.size() - 1) / context;
    }

    /** Validation windows {@code index·batchSize} onwards, at most {@code batchSize} (fewer in the last batch). */
    public int[][] validationBatch(long index, int batchSize) {
        long first = index * batchSize;
        int count = (int) Math.max(0, Math.min(batchSize, validationWindows() - first));
        int[][] windows = new int[count][];
        for (int i = 0; i < count; i++) {
            windows[i] = val.window((first + i) * context, context + 1);
        }
        return windows;
    }

    /** Tokens in one pass over the training split. */
    public long tokensPerEpoch() {
        return train.size();
    }

    /** Steps that consume {@link #tokensPerEpoch()} tokens at {@code globalBatch × context} tokens per step. */
    public long stepsPerEpoch() {
        long perStep = (long) globalBatch * context;
        return (train.size() + perStep - 1) / perStep;
    }

    public int context() {
        return context;
    }

    public int globalBatch() {
        return globalBatch;
    }
}
