package io.kubegpt.trainer.distributed;

import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A group of one: every collective is a no-op. */
final class SingleRank implements RankGroup {

    static final SingleRank INSTANCE = new SingleRank();

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public int worldSize() {
        return 1;
    }

    @Override
    public void allReduceSum(INDArray array) {
    }

    @Override
    public Pending startAllReduceSum(INDArray flat, long offset, long length) {
        return () -> { };
    }

    @Override
    public void broadcast(INDArray array, int root) {
    }

    @Override
    public String fromLeader(String key, Callable<String> action) {
        try {
            return action.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
    }
}
