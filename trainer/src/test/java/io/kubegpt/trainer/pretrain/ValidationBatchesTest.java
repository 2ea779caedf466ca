package io.kubegpt.trainer.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kubegpt.trainer.data.BatchSampler;
import io.kubegpt.trainer.data.TokenDType;
import io.kubegpt.trainer.data.TokenFile;
import io.kubegpt.trainer.distributed.RankGroup;
import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.model.GPTConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class ValidationBatchesTest {

    private static final int CONTEXT = 8;
    private static final GPTConfig TINY = new GPTConfig(64, CONTEXT, 1, 16, 2, 32, 0.0, 0.02);

    @TempDir
    Path dir;

    @Test
    void microBatchesAreWhatARankTrainsWithAndCoverTheSameWindows() throws IOException {
        // 8 ranks, 2 accumulation steps: a rank trains on 64 / 16 = 4 windows at a time
        ValidationBatches batches = ValidationBatches.of(sampler(64, 1_000), 3, 2, 8);
        assertThat(batches.size()).isEqualTo(4);
        assertThat(batches.count()).isEqualTo(24);
        assertThat(batches.windows()).isEqualTo(3 * 32);
    }

    @Test
    void theSplitBoundsTheWindowsAsWholeBatches() throws IOException {
        // 100 windows hold 3 batches of 32: the 4 left over are not evaluated
        ValidationBatches batches = ValidationBatches.of(sampler(64, 100 * CONTEXT + 1), 5, 2, 8);
        assertThat(batches.windows()).isEqualTo(96);
    }

    @Test
    void theRanksMeanIsTheMeanLossOverTheWindows() throws IOException {
        BatchSampler sampler = sampler(16, 1_000);
        GPT model = new GPT(TINY, 3);
        double wholeBatches = model.validationLoss((index, micro) -> sampler.validationBatch(index, 16), 3);

        int ranks = 4;
        ValidationBatches batches = ValidationBatches.of(sampler, 3, 1, ranks);
        double sum = 0;
        for (int rank = 0; rank < ranks; rank++) {
            // each rank's share of the sums, added up here as the group's all-reduce would
            double[] share = new double[2];
            batches.meanLoss(model, new RecordingRank(rank, ranks, share));
            sum += share[0];
        }
        assertThat(batches.size()).isEqualTo(4);
        assertThat(sum / batches.count()).isCloseTo(wholeBatches, within(1e-5));
    }

    private BatchSampler sampler(int globalBatch, int validationTokens) throws IOException {
        TokenFile train = TokenFile.write(dir.resolve("train.bin"),
                IntStream.range(0, 2_000).map(i -> i % 64).toArray(), TokenDType.UINT16);
        TokenFile val = TokenFile.write(dir.resolve("val.bin"),
                IntStream.range(0, validationTokens).map(i -> (i * 7) % 64).toArray(), TokenDType.UINT16);
        return new BatchSampler(train, val, CONTEXT, globalBatch, 1);
    }

    /** Rank {@code rank} of a group whose sums keep this rank's values (a loss sum and a batch count). */
    private record RecordingRank(int rank, int worldSize, double[] share) implements RankGroup {

        @Override
        public double[] sum(double... values) {
            System.arraycopy(values, 0, share, 0, share.length);
            return values.clone();
        }

        @Override
        public void allReduceSum(INDArray array) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Pending startAllReduceSum(INDArray flat, long offset, long length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void broadcast(INDArray array, int root) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String fromLeader(String key, Callable<String> value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
