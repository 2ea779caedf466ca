package io.kubegpt.trainer.ops.fused;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether this process runs the fused kernels: on ND4J's CPU backend, with the kernel library in the jar, unless the
 * system property {@value #PROPERTY} is {@code false} (then the graph runs the stock ops, as it does on a GPU).
 */
public final class Kernels {

    public static final String PROPERTY = "kubegpt.kernels";
    private static final String CPU_EXECUTIONER = "org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner";

    private static Boolean available;

    private Kernels() {
    }

    public static synchronized boolean available() {
        if (available == null) {
            available = !"false".equals(System.getProperty(PROPERTY)) && onCpuBackend() && libraryLoads();
        }
        return available;
    }

    /**
     * One AdamW step in place (see {@code kubegpt_adamw_step}) for every parameter i, with its gradient and its Adam
     * state laid out as ND4J's Adam keeps it (the parameter's length of first moments, then as many second moments),
     * and decays[i] its decoupled weight decay factor.
     */
    public static void adamwStep(List<INDArray> parameters, List<INDArray> gradients, List<INDArray> states,
                                 double[] decays, double beta1, double beta2, double epsilon, double alpha) {
        FusedKernels.adamwStep(parameters, gradients, states, decays, beta1, beta2, epsilon, alpha, KernelOp.threads());
    }

    /** sums[i] = (sums[i] + addends[i]) * scale in place for every i (each pair contiguous, of one length). */
    public static void addScaled(List<INDArray> sums, List<INDArray> addends, double scale) {
        FusedKernels.addScaled(sums, addends, scale, KernelOp.threads());
    }

    /** The Euclidean norm of all the arrays' values together (each contiguous), one parallel pass over all. */
    public static double norm2(List<INDArray> arrays) {
        return Math.sqrt(FusedKernels.sumOfSquares(arrays, KernelOp.threads()));
    }

    private static boolean onCpuBackend() {
        return KernelExecutioner.installed() || Nd4j.getExecutioner().getClass().getName().equals(CPU_EXECUTIONER);
    }

    private static boolean libraryLoads() {
        try {
            FusedKernels.load();
            return true;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            System.err.println("warning: the fused kernels do not load here (" + e.getMessage()
                    + "); the graph runs the stock ops instead");
            return false;
        }
    }
}
