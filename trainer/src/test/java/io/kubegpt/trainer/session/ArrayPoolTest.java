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
    void aReleasedArrayIsHandedOutAgainForTheSameTypeAndShapeOnly() {
        INDArray first = pool.allocate(false, DataType.FLOAT, 4, 8);
        pool.release(first);

        assertThat(pool.allocate(false, DataType.FLOAT, 8, 4)).isNotSameAs(first);
        assertThat(pool.allocate(false, DataType.DOUBLE, 4, 8)).isNotSameAs(first);
        INDArray again = pool.allocate(false, LongShapeDescriptor.fromShape(new long[] {4, 8}, DataType.FLOAT));
        assertThat(again).isSameAs(first);
        assertThat(pool.allocate(false, DataType.FLOAT, 4, 8)).isNotSameAs(first);
    }

    @Test
    void theEndOfAnIterationTakesBackWhatTheSessionKept() {
        INDArray gradient = pool.allocate(false, DataType.FLOAT, 16);
        pool.endIteration();

        assertThat(gradient.wasClosed()).isFalse();
        assertThat(pool.allocate(false, DataType.FLOAT, 16)).isSameAs(gradient);
    }

    @Test
    void arraysOfAShapeTheLastIterationDidNotUseAreFreed() {
        INDArray fullBatch = pool.allocate(false, DataType.FLOAT, 8, 128);
        pool.endIteration();
        INDArray lastBatch = pool.allocate(false, DataType.FLOAT, 3, 128);
        pool.endIteration();

        assertThat(fullBatch.wasClosed()).isTrue();
        assertThat(lastBatch.wasClosed()).isFalse();
        assertThat(pool.allocate(false, DataType.FLOAT, 3, 128)).isSameAs(lastBatch);
    }

    @Test
    void releasingAnArrayTwiceOrOneItDidNotHandOutChangesNothing() {
        INDArray array = pool.allocate(false, DataType.FLOAT, 2, 2);
        pool.release(array);
        pool.release(array);
        pool.release(Nd4j.zeros(DataType.FLOAT, 2, 2));

        assertThat(pool.allocate(false, DataType.FLOAT, 2, 2)).isSameAs(array);
        assertThat(pool.allocate(false, DataType.FLOAT, 2, 2)).isNotSameAs(array);
    }
}
