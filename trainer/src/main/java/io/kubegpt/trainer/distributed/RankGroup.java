package io.kubegpt.trainer.distributed;

import io.kubegpt.trainer.RankFailure;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ranks of a data-parallel run and the collectives they share. Every rank must call the collectives in the
 * same order with arrays of the same shapes. A collective that cannot complete within the group's timeout throws
 * {@link RankFailure} naming the ranks at fault.
 */
public interface RankGroup extends AutoCloseable {

    int rank();

    int worldSize();

    default boolean leader() {
        return rank() == 0;
    }

    /** Sums a contiguous array element-wise over all ranks, in place. */
    void allReduceSum(INDArray array);

    /**
     * Starts summing {@code length} elements of the contiguous {@code flat} from {@code offset} over all ranks, in
     * place, and returns at once; the range must not be touched until {@link Pending#await()} returns.
     */
    Pending startAllReduceSum(INDArray flat, long offset, long length);

    /** Overwrites a contiguous array on every rank with rank {@code root}'s. */
    void broadcast(INDArray array, int root);

    /** Rank 0 runs {@code action} (the others wait up to the rendezvous timeout) and every rank gets its result. */
    String fromLeader(String key, Callable<String> action);

    /** Tells the other ranks (best effort) that this rank is failing and why. */
    default void reportFailure(Throwable cause) {
    }

    /** Tells the other ranks (best effort, within a second) that this rank ends with {@code exitCode} and why. */
    default void reportExit(int exitCode, String reason) {
    }

    @Override
    void close();

    /** Sums values over all ranks. */
    default double[] sum(double... values) {
        if (worldSize() == 1) {
            return values.clone();
        }
        INDArray array = Nd4j.createFromArray(values.clone());
        allReduceSum(array);
        return array.toDoubleVector();
    }

    /** Every rank's value, by rank. */
    default long[] allGather(long value) {
        long[] values = new long[worldSize()];
        values[rank()] = value;
        if (worldSize() == 1) {
            return values;
        }
        INDArray array = Nd4j.createFromArray(values);
        allReduceSum(array);
        return array.toLongVector();
    }

    /** A collective in flight. */
    @FunctionalInterface
    interface Pending {

        /** Blocks until the collective has completed on this rank (or throws {@link RankFailure}). */
        void await();
    }

    /** One process training alone. */
    static RankGroup single() {
        return SingleRank.INSTANCE;
    }
}
