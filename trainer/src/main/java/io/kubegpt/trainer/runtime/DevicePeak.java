package io.kubegpt.trainer.runtime;

import java.util.Locale;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The device's peak FLOP/s, MFU's denominator: a large single-precision product through the {@code matmul} op the
 * model runs (with oneDNN it reached 2.3 times what {@code INDArray.mmul}'s OpenBLAS path did), measured in the run
 * whose MFU it divides, with that run's threads. A peak kept from an earlier run may have been measured with other
 * threads or on another processor; measuring costs about a second on a CPU.
 */
public final class DevicePeak {

    /** How the peak is measured, in words, for every line that quotes it. */
    public static final String METHOD = "best of 6 products of two 2048 x 2048 float32 matrices through ND4J's matmul op "
            + "(the op of the model's layers), measured in this run with its threads";
    private static final int SIZE = 2048;
    private static final int REPETITIONS = 6;

    private DevicePeak() {
    }

    /** Measures the peak FLOP/s now, with the calling thread's ND4J and OpenMP settings ({@link NativeThreads#set}). */
    public static double measure() {
        INDArray a = Nd4j.rand(DataType.FLOAT, SIZE, SIZE);
        INDArray b = Nd4j.rand(DataType.FLOAT, SIZE, SIZE);
        INDArray c = Nd4j.create(DataType.FLOAT, SIZE, SIZE);
        Mmul product = new Mmul(a, b, c, MMulTranspose.allFalse());
        Nd4j.exec(product);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < REPETITIONS; i++) {
            long start = System.nanoTime();
            Nd4j.exec(product);
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return 2.0 * SIZE * SIZE * SIZE / best;
    }

    /**
     * Model FLOPs utilisation, {@code modelFlopsPerSecond / peakFlopsPerSecond}; empty (with a warning on stderr) when
     * it comes out above 100%, which says the peak was measured wrong, not that the model beat it.
     */
    public static OptionalDouble utilisation(double modelFlopsPerSecond, double peakFlopsPerSecond) {
        double mfu = modelFlopsPerSecond / peakFlopsPerSecond;
        if (!(mfu <= 1)) {
            System.err.printf(Locale.ROOT, "warning: MFU not reported: the model ran %.1f GFLOP/s, above the %.1f GFLOP/s "
                    + "peak measured (%s); the peak is not trustworthy%n", modelFlopsPerSecond / 1e9,
                    peakFlopsPerSecond / 1e9, METHOD);
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(mfu);
    }
}
