package io.kubegpt.trainer.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.trainer.optim.GradientBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Which collectives the reducer issues when, against a group that records them (Gloo itself: DataParallelRunTest). */
class BucketedAllReduceTest {

    /** Four parameters of 4 floats (16 bytes) each; 32-byte buckets hold two: a+b, c+d. */
    private final GradientBuffer gradients = new GradientBuffer(new TreeMap<>(Map.of(
            "a", Nd4j.zeros(DataType.FLOAT, 4), "b", Nd4j.zeros(DataType.FLOAT, 4),
            "c", Nd4j.zeros(DataType.FLOAT, 4), "d", Nd4j.zeros(DataType.FLOAT, 4))));

    @Test
    void theFirstStepReducesAtTheEndInRankZerosCompletionOrderThenBucketsStartAsSoonAsTheyAreComplete() {
        RecordingGroup group = new RecordingGroup(0, 2);
        BucketedAllReduce reducer = new BucketedAllReduce(group, 32);

        // step 1: the backward pass finishes the last parameters first; nothing starts before the order is agreed
        reducer.segmentComplete(gradients, 3);
        reducer.segmentComplete(gradients, 2);
        reducer.segmentComplete(gradients, 1);
        reducer.segmentComplete(gradients, 0);
        assertThat(group.calls).isEmpty();
        reducer.reduce(gradients);
        assertThat(group.calls).containsExactly("broadcast [1, 0]", "start 8+8", "start 0+8", "await 8+8", "await 0+8");
        assertThat(reducer.buckets()).isEqualTo(2);

        // step 2: bucket c+d starts the moment d is in, long before the optimizer asks
        group.calls.clear();
        reducer.segmentComplete(gradients, 2);
        assertThat(group.calls).isEmpty();
        reducer.segmentComplete(gradients, 3);
        assertThat(group.calls).containsExactly("start 8+8");
        reducer.segmentComplete(gradients, 0);
        reducer.segmentComplete(gradients, 1);
        reducer.reduce(gradients);
        assertThat(group.calls).containsExactly("start 8+8", "start 0+8", "await 8+8", "await 0+8");
    }

    @Test
    void aBucketCompletedAheadOfTheAgreedOrderWaitsForTheOnesBeforeIt() {
        RecordingGroup group = new RecordingGroup(1, 2);
        group.broadcastValue = new long[] {1, 0}; // rank 0 saw c+d complete first
        BucketedAllReduce reducer = new BucketedAllReduce(group, 32);
        for (int segment = 0; segment < 4; segment++) {
            reducer.segmentComplete(gradients, segment); // this rank saw a+b first
        }
        reducer.reduce(gradients);
        assertThat(group.calls).containsExactly("broadcast [0, 1]", "start 8+8", "start 0+8", "await 8+8", "await 0+8");

        group.calls.clear();
        reducer.segmentComplete(gradients, 0);
        reducer.segmentComplete(gradients, 1);
        assertThat(group.calls).as("a+b is complete but c+d goes first on every rank").isEmpty();
        reducer.segmentComplete(gradients, 2);
        reducer.segmentComplete(gradients, 3);
        assertThat(group.calls).containsExactly("start 8+8", "start 0+8");
        reducer.reduce(gradients);
        assertThat(group.calls).containsExactly("start 8+8", "start 0+8", "await 8+8", "await 0+8");
    }

    @Test
    void theSumIsDividedByTheWorldSizeAndMissingReportsDoNotStopTheStep() {
        RecordingGroup group = new RecordingGroup(0, 4);
        BucketedAllReduce reducer = new BucketedAllReduce(group, 32);
        gradients.flat().assign(8);
        reducer.segmentComplete(gradients, 1); // the others are never reported: reduce still reduces them all
        reducer.reduce(gradients);
        assertThat(group.calls).containsExactly("broadcast [0, 1]", "start 0+8", "start 8+8", "await 0+8", "await 8+8");
        assertThat(gradients.flat().toFloatVector()).containsOnly(2f);
    }

    /** Records collectives; the "sum" leaves the data as it is. */
    private static final class RecordingGroup implements RankGroup {
        final List<String> calls = new ArrayList<>();
        final int rank;
        final int worldSize;
        long[] broadcastValue;

        RecordingGroup(int rank, int worldSize) {
            this.rank = rank;
            this.worldSize = worldSize;
        }

        @Override
        public int rank() {
            return rank;
        }

        @Override
        public int worldSize() {
            return worldSize;
        }

        @Override
        public void allReduceSum(INDArray array) {
            calls.add("all-reduce");
        }

        @Override
        public Pending startAllReduceSum(INDArray flat, long offset, long length) {
            String range = offset + "+" + length;
            calls.add("start " + range);
            return () -> calls.add("await " + range);
        }

        @Override
        public void broadcast(INDArray array, int root) {
            calls.add("broadcast " + Arrays.toString(array.toLongVector()));
            if (broadcastValue != null) {
                array.assign(Nd4j.createFromArray(broadcastValue));
            }
        }

        @Override
        public String fromLeader(String key, Callable<String> action) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
