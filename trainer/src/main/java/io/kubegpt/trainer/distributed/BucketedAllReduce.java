package io.kubegpt.trainer.distributed;

import io.kubegpt.trainer.optim.GradientBuffer;
import io.kubegpt.trainer.optim.GradientReducer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Averages gradients over the ranks of a group, PyTorch-DDP style: the optimizer keeps every gradient in one flat
 * buffer (name order), which is cut at parameter boundaries into buckets of at most {@code bucketBytes} (a
 * parameter larger than that is a bucket of its own). Gloo reads and writes the ND4J buffer in place, so no
 * bucket is copied; the sum is then divided by the world size, one ND4J op over the whole buffer.
 *
 * <p>A bucket's all-reduce starts as soon as the backward pass has finished all its gradients, so the transfers
 * overlap the rest of the backward pass. Every rank must issue the collectives in the same order, and the order in
 * which SameDiff finishes gradients is not promised to be the same everywhere: in the first step all buckets are
 * reduced at the end, in the order rank 0 saw them complete, which rank 0 then hands to the others. From the second
 * step on a bucket starts once it and every bucket before it in that order are complete.
 */
public final class BucketedAllReduce implements GradientReducer {

    private final RankGroup group;
    private final long bucketBytes;
    private GradientBuffer planned;
    private long[] offsets;
    private long[] lengths;
    private int[] bucketOfSegment;
    private int[] segmentsOfBucket;
    private int[] missing;
    private final List<Integer> firstStepCompletions = new ArrayList<>();
    private int[] order;
    private int started;
    private final List<RankGroup.Pending> inFlight = new ArrayList<>();
    private long collectiveNanos;
    private long calls;

    public BucketedAllReduce(RankGroup group, long bucketBytes) {
        this.group = group;
        this.bucketBytes = bucketBytes;
    }

    @Override
    public void segmentComplete(GradientBuffer gradients, int index) {
        if (planned != gradients) {
            plan(gradients);
        }
        int bucket = bucketOfSegment[index];
        if (--missing[bucket] == 0) {
            if (order == null) {
                firstStepCompletions.add(bucket);
            } else {
                startReadyBuckets();
            }
        }
    }

    @Override
    public void reduce(GradientBuffer gradients) {
        if (planned != gradients) {
            plan(gradients);
        }
        long start = System.nanoTime();
        if (order == null) {
            order = agreeOnOrder();
        }
        Arrays.fill(missing, 0);
        startReadyBuckets();
        for (RankGroup.Pending pending : inFlight) {
            pending.await();
        }
        inFlight.clear();
        collectiveNanos += System.nanoTime() - start;
        gradients.flat().divi(group.worldSize());
        started = 0;
        System.arraycopy(segmentsOfBucket, 0, missing, 0, missing.length);
    }

    /** Starts, in the agreed order, every bucket whose predecessors have started and whose gradients are complete. */
    private void startReadyBuckets() {
        while (started < order.length && missing[order[started]] == 0) {
            int bucket = order[started++];
            inFlight.add(group.startAllReduceSum(planned.flat(), offsets[bucket], lengths[bucket]));
            calls++;
        }
    }

    /** Rank 0's completion order of the first step (buckets never reported complete last, by index), on every rank. */
    private int[] agreeOnOrder() {
        long[] local = new long[offsets.length];
        boolean[] seen = new boolean[offsets.length];
        int next = 0;
        for (int bucket : firstStepCompletions) {
            local[next++] = bucket;
            seen[bucket] = true;
        }
        firstStepCompletions.clear();
        for (int bucket = 0; bucket < seen.length; bucket++) {
            if (!seen[bucket]) {
                local[next++] = bucket;
            }
        }
        var array = Nd4j.createFromArray(local);
        group.broadcast(array, 0);
        return Arrays.stream(array.toLongVector()).mapToInt(Math::toIntExact).toArray();
    }

    private void plan(GradientBuffer gradients) {
        long elementBytes = gradients.flat().dataType().width();
        List<long[]> buckets = new ArrayList<>();
        List<GradientBuffer.Segment> segments = gradients.segments();
        bucketOfSegment = new int[segments.size()];
        long start = 0;
        long length = 0;
        for (int index = 0; index < segments.size(); index++) {
            GradientBuffer.Segment segment = segments.get(index);
            if (length > 0 && (length + segment.length()) * elementBytes > bucketBytes) {
                buckets.add(new long[] {start, length});
                start = segment.offset();
                length = 0;
            }
            length += segment.length();
            bucketOfSegment[index] = buckets.size();
        }
        if (length > 0) {
            buckets.add(new long[] {start, length});
        }
        offsets = buckets.stream().mapToLong(b -> b[0]).toArray();
        lengths = buckets.stream().mapToLong(b -> b[1]).toArray();
        segmentsOfBucket = new int[buckets.size()];
        for (int bucket : bucketOfSegment) {
            segmentsOfBucket[bucket]++;
        }
        missing = segmentsOfBucket.clone();
        planned = gradients;
    }

    /** Buckets per step (after the first step). */
    public int buckets() {
        return offsets == null ? 0 : offsets.length;
    }

    /** Time the optimizer step has waited for the collectives so far (transfers hidden behind the backward pass not counted). */
    public long collectiveNanos() {
        return collectiveNanos;
    }

    /** Collective calls so far. */
    public long calls() {
        return calls;
    }
}
