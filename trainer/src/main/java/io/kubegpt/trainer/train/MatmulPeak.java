package io.kubegpt.trainer.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The CPU's practical float peak, measured as ND4J's sgemm throughput on large square matrices (best of ten): the
 * MFU denominator. On a machine shared with other work it reads low.
 */
public final class MatmulPeak {

    private static final int SIZE = 2048;
    private static volatile double cached;

    private MatmulPeak() {
    }

    /** FLOP/s, measured once per process with the current thread settings. */
    public static double flopsPerSecond() {
        if (cached == 0) {
            cached = measure();
        }
        return cached;
    }

    private static double measure() {
        INDArray a = Nd4j.rand(DataType.FLOAT, SIZE, SIZE);
        INDArray b = Nd4j.rand(DataType.FLOAT, SIZE, SIZE);
        INDArray c = Nd4j.create(DataType.FLOAT, SIZE, SIZE);
        a.mmuli(b, c);
        double best = 0;
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            a.mmuli(b, c);
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, 2.0 * SIZE * SIZE * SIZE / seconds);
        }
        // freed now rather than whenever the collector gets to them
        a.close();
        b.close();
        c.close();
        return best;
    }
}
