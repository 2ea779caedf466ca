package io.kubegpt.trainer.data;

import io.kubegpt.trainer.InvalidInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchSamplerTest {

    @TempDir
    static Path dir;
    /** Token i has id i, so a window's first id is its start position. */
    private static TokenFile train;
    private static TokenFile val;

    @BeforeAll
    static void writeTokens() throws IOException {
        train = TokenFile.write(dir.resolve("train.bin"), IntStream.range(0, 50_000).toArray(), TokenDType.INT32);
        val = TokenFile.write(dir.resolve("val.bin"), IntStream.range(0, 1_000).toArray(), TokenDType.UINT16);
    }

    @Test
    void windowsAreContiguousAndContextPlusOneLong() {
        int[][] batch = new BatchSampler(train, val, 16, 8, 1).batch(0, 0, 1);
        assertThat(batch).hasNumberOfRows(8);
        for (int[] window : batch) {
            assertThat(window).hasSize(17);
            for (int i = 1; i < window.length; i++) {
                assertThat(window[i]).isEqualTo(window[0] + i);
            }
        }
    }

    @Test
    void batchesAreReproducibleFromSeedAndStepAlone() {
        BatchSampler a = new BatchSampler(train, val, 16, 8, 42);
        BatchSampler b = new BatchSampler(train, val, 16, 8, 42);
        b.batch(99, 0, 1);
        assertThat(a.batch(7, 0, 1)).isDeepEqualTo(b.batch(7, 0, 1));
        assertThat(a.batch(7, 0, 1)).isNotEqualTo(a.batch(8, 0, 1));
        assertThat(starts(a.batch(7, 0, 1))).isNotEqualTo(starts(new BatchSampler(train, val, 16, 8, 43).batch(7, 0, 1)));
    }

    @Test
    void ranksTakeDisjointSlicesOfTheGlobalBatch() {
        BatchSampler sampler = new BatchSampler(train, val, 16, 12, 5);
        for (long step = 0; step < 50; step++) {
            int[][] global = sampler.batch(step, 0, 1);
            for (int world : new int[] {2, 3, 4}) {
                int[][] joined = new int[0][];
                Set<Integer> seen = new HashSet<>();
                for (int rank = 0; rank < world; rank++) {
                    int[][] slice = sampler.batch(step, rank, world);
                    assertThat(slice).hasNumberOfRows(12 / world);
                    for (int[] window : slice) {
                        assertThat(seen.add(window[0])).as("window start %d seen twice", window[0]).isTrue();
                    }
                    joined = concat(joined, slice);
                }
                assertThat(joined).isDeepEqualTo(global);
            }
        }
    }

    @Test
    void twoRanksOfBReproduceOneRankOfTwoB() {
        BatchSampler sampler = new BatchSampler(train, val, 32, 8, 3);
        assertThat(concat(sampler.batch(4, 0, 2), sampler.batch(4, 1, 2))).isDeepEqualTo(sampler.batch(4, 0, 1));
    }

    @Test
    void aBatchThatDoesNotDivideAmongRanksIsRejected() {
        assertThatThrownBy(() -> new BatchSampler(train, val, 16, 6, 1).batch(0, 0, 4))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("spec.training.batchSize"));
        assertThatThrownBy(() -> new BatchSampler(train, val, 16, 0, 1))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("spec.training.batchSize"));
    }

    @Test
    void contextLargerThanTheDataNamesTheFieldAndBothNumbers() throws IOException {
        TokenFile small = TokenFile.write(dir.resolve("small.bin"), new int[100], TokenDType.UINT16);
        assertThatThrownBy(() -> new BatchSampler(small, val, 100, 4, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("100").hasMessageContaining("101")
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("spec.model.context"));
        assertThat(new BatchSampler(small, val, 99, 4, 1).batch(0, 0, 1)).hasNumberOfRows(4);
    }

    @Test
    void validationWindowsAreFixedAndCoverTheSplit() {
        BatchSampler sampler = new BatchSampler(train, val, 100, 8, 1);
        assertThat(sampler.validationWindows()).isEqualTo(9);
        int[][] first = sampler.validationBatch(0, 4);
        assertThat(Arrays.stream(first).map(w -> w[0]).toList()).isEqualTo(List.of(0, 100, 200, 300));
        assertThat(first[0]).hasSize(101);
        assertThat(sampler.validationBatch(2, 4)).hasNumberOfRows(1);
        assertThat(sampler.validationBatch(3, 4)).isEmpty();
        assertThat(new BatchSampler(train, val, 100, 8, 7).validationBatch(1, 4)).isDeepEqualTo(sampler.validationBatch(1, 4));
    }

    @Test
    void epochAccounting() {
        BatchSampler sampler = new BatchSampler(train, val, 100, 8, 1);
        assertThat(sampler.tokensPerEpoch()).isEqualTo(50_000);
        assertThat(sampler.stepsPerEpoch()).isEqualTo(63); // ceil(50000 / 800)
    }

    private static List<Integer> starts(int[][] batch) {
        return Arrays.stream(batch).map(w -> w[0]).toList();
    }

    private static int[][] concat(int[][] a, int[][] b) {
        int[][] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
