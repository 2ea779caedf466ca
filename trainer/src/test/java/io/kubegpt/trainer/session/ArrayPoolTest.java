package io.kubegpt.trainer.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

class ArrayPoolTest {

    private final ArrayPool pool = new ArrayPool();

    @Test
    void aReleasedBufferIsHandedOutAgainForTheSameTypeAndShapeOnlyInANewArray() {
        INDArray first = pool.allocate(false, DataType.FLOAT, 4, 8);
        pool.release(first);

        assertThat(pool.allocate(false, DataType.FLOAT, 8, 4).data()).isNotSameAs(first.data());
        assertThat(pool.allocate(false, DataType.DOUBLE, 4, 8).data()).isNotSameAs(first.data());
        INDArray again = pool.allocate(false, LongShapeDescriptor.fromShape(new long[] {4, 8}, DataType.FLOAT));
        assertThat(again.data()).isSameAs(first.data());
        assertThat(again.getId()).isNotEqualTo(first.getId());
        assertThat(again.shape()).containsExactly(4, 8);
        assertThat(again.isView()).isFalse();
        assertThat(pool.allocate(false, DataType.FLOAT, 4, 8).data()).isNotSameAs(first.data());
        assertThat(pool.buffers()).isEqualTo(4);
    }

    @Test
    void theEndOfAnIterationTakesBackWhatTheSessionKept() {
        INDArray gradient = pool.allocate(false, DataType.FLOAT, 16);
        pool.endIteration();

        assertThat(gradient.wasClosed()).isFalse();
        assertThat(pool.allocate(false, DataType.FLOAT, 16).data()).isSameAs(gradient.data());
    }

    @Test
    void buffersOfAShapeTheLastIterationDidNotUseAreFreed() {
        INDArray fullBatch = pool.allocate(false, DataType.FLOAT, 8, 128);
        pool.endIteration();
        INDArray lastBatch = pool.allocate(false, DataType.FLOAT, 3, 128);
        pool.endIteration();

        assertThat(fullBatch.data().wasClosed()).isTrue();
        assertThat(lastBatch.data().wasClosed()).isFalse();
        assertThat(pool.allocate(false, DataType.FLOAT, 3, 128).data()).isSameAs(lastBatch.data());
        assertThat(pool.buffers()).isEqualTo(1);
    }

    @Test
    void aSecondReleaseOfAnArrayWhoseBufferIsInUseAgainChangesNothing() {
        INDArray earlier = pool.allocate(false, DataType.FLOAT, 2, 2);
        pool.release(earlier);
        INDArray now = pool.allocate(false, DataType.FLOAT, 2, 2);
        pool.release(earlier);
        pool.release(Nd4j.zeros(DataType.FLOAT, 2, 2));

        assertThat(now.data()).isSameAs(earlier.data());
        assertThat(pool.allocate(false, DataType.FLOAT, 2, 2).data()).isNotSameAs(now.data());
    }
}
