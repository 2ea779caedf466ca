package io.kubegpt.trainer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The device's peak FLOP/s as MFU's denominator: a large single-precision product through the {@code matmul} op
 * the model runs (with oneDNN it reached 2.3 times what {@code INDArray.mmul}'s OpenBLAS path did here), timed once
 * and cached per device and thread count in {@code matmul-peak-flops.properties} of the folder the system property
 * {@value #CACHE_PROPERTY} names (default {@code ~/.cache/kubegpt}), so later runs start at once.
 */
public final class DevicePeak {

    public static final String CACHE_PROPERTY = "kubegpt.cache.dir";
    /** How the peak is measured, in words, for every line that quotes it. */
    public static final String METHOD = "best of 6 products of two 2048 x 2048 float32 matrices through ND4J's matmul op "
            + "(the op of the model's layers), with the run's threads";
    private static final int SIZE = 2048;
    private static final int REPETITIONS = 6;

    private DevicePeak() {
    }

    /** The file the measured peaks are kept in. */
    public static Path cacheFile() {
        return Path.of(System.getProperty(CACHE_PROPERTY,
                Path.of(System.getProperty("user.home"), ".cache", "kubegpt").toString()), "matmul-peak-flops.properties");
    }

    /**
     * Measured (or cached) peak FLOP/s of {@code device} running with the current ND4J threads; {@code device} names
     * the processor and the thread count ({@code DeviceInfo}), so each pair is measured once.
     */
    public static double flopsPerSecond(String device) {
        Path cache = cacheFile();
        Properties known = new Properties();
        if (Files.isReadable(cache)) {
            try (InputStream in = Files.newInputStream(cache)) {
                known.load(in);
            } catch (IOException ignored) {
                // an unreadable cache only costs a measurement
            }
        }
        String cached = known.getProperty(device);
        if (cached != null) {
            return Double.parseDouble(cached);
        }
        double measured = measure();
        known.setProperty(device, Double.toString(measured));
        try {
            Files.createDirectories(cache.getParent());
            try (OutputStream out = Files.newOutputStream(cache)) {
                known.store(out, "peak FLOP/s: " + METHOD);
            }
        } catch (IOException ignored) {
            // read-only home (a pod): measure again next time
        }
        return measured;
    }

    /** Measures now, with the current thread settings, bypassing the cache. */
    private static double measure() {
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
}
