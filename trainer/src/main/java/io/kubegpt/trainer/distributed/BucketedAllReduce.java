package io.kubegpt.trainer.distributed;

import io.kubegpt.trainer.optim.GradientBuffer;
import io.kubegpt.trainer.optim.GradientReducer;
import java.util.ArrayList;
import java.util.List;

/**
 * Averages gradients over the ranks of a group, PyTorch-DDP style: the optimizer keeps every gradient in one flat
 * buffer (name order), which is cut at parameter boundaries into buckets of at most {@code bucketBytes} (a
 * parameter larger than that is a bucket of its own). All buckets' all-reduces are issued at once and then
 * awaited, so a step makes a few collective calls, none of which copies: Gloo reads and writes the ND4J buffer
 * in place. The sum is then divided by the world size, one ND4J op over the whole buffer.
 */
public final class BucketedAllReduce implements GradientReducer {

    private final RankGroup group;
    private final long bucketBytes;
    private GradientBuffer planned;
    private long[] offsets;
    private long[] lengths;
    private long collectiveNanos;
    private long calls;

    public BucketedAllReduce(RankGroup group, long bucketBytes) {
        this.group = group;
        this.bucketBytes = bucketBytes;
    }

    @Override
    public void reduce(GradientBuffer gradients) {
        if (planned != gradients) {
            plan(gradients);
        }
        long start = System.nanoTime();
        group.allReduceSum(gradients.flat(), offsets, lengths);
        collectiveNanos += System.nanoTime() - start;
        calls += offsets.length;
        gradients.flat().divi(group.worldSize());
    }

    private void plan(GradientBuffer gradients) {
        long elementBytes = gradients.flat().dataType().width();
        List<long[]> buckets = new ArrayList<>();
        long start = 0;
        long length = 0;
        for (GradientBuffer.Segment segment : gradients.segments()) {
            if (length > 0 && (length + segment.length()) * elementBytes > bucketBytes) {
                buckets.add(new long[] {start, length});
                start = segment.offset();
                length = 0;
            }
            length += segment.length();
        }
        if (length > 0) {
            buckets.add(new long[] {start, length});
        }
        offsets = buckets.stream().mapToLong(b -> b[0]).toArray();
        lengths = buckets.stream().mapToLong(b -> b[1]).toArray();
        planned = gradients;
    }

    /** Buckets per step (after the first step). */
    public int buckets() {
        return offsets == null ? 0 : offsets.length;
    }

    /** Time spent in the collectives so far. */
    public long collectiveNanos() {
        return collectiveNanos;
    }

    /** Collective calls so far. */
    public long calls() {
        return calls;
    }
}
