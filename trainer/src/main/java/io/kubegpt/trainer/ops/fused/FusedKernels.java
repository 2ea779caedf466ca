package io.kubegpt.trainer.ops.fused;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * The C kernels of {@code src/main/c/kubegpt_kernels.c}, bound with JNA's direct mapping (a plain native call, no
 * marshalling), for float32 arrays and float64 ones (the gradient checks). Arrays go in as addresses: C order,
 * contiguous, all of one type.
 */
final class FusedKernels {

    static {
        Native.register(FusedKernels.class, NativeLibrary.getInstance("kubegpt_kernels"));
    }

    private FusedKernels() {
    }

    /** Loads the library (in the static initialiser): throws {@link UnsatisfiedLinkError} where it cannot. */
    static void load() {
    }

    static void geluForward(INDArray x, INDArray y, int threads) {
        sameLength("gelu", x, y);
        if (isDouble(x, y)) {
            kubegpt_gelu_forward_f64(address(x), address(y), x.length(), threads);
        } else {
            kubegpt_gelu_forward_f32(address(x), address(y), x.length(), threads);
        }
    }

    static void geluBackward(INDArray x, INDArray dy, INDArray dx, int threads) {
        sameLength("gelu backward", x, dy, dx);
        if (isDouble(x, dy, dx)) {
            kubegpt_gelu_backward_f64(address(x), address(dy), address(dx), x.length(), threads);
        } else {
            kubegpt_gelu_backward_f32(address(x), address(dy), address(dx), x.length(), threads);
        }
    }

    static void layerNormForward(INDArray x, INDArray gain, INDArray bias, double epsilon, INDArray y, INDArray mean,
                                 INDArray inverseDeviation, int threads) {
        long rows = x.size(0);
        long d = x.size(1);
        checkLayerNorm("layer norm", x, gain, bias, mean, inverseDeviation, y);
        if (isDouble(x, gain, bias, y, mean, inverseDeviation)) {
            kubegpt_layer_norm_forward_f64(address(x), address(gain), address(bias), address(y), address(mean),
                    address(inverseDeviation), rows, d, epsilon, threads);
        } else {
            kubegpt_layer_norm_forward_f32(address(x), address(gain), address(bias), address(y), address(mean),
                    address(inverseDeviation), rows, d, (float) epsilon, threads);
        }
    }

    static void layerNormBackward(INDArray x, INDArray gain, INDArray mean, INDArray inverseDeviation, INDArray dy,
                                  INDArray dx, INDArray dgain, INDArray dbias, int threads) {
        long rows = x.size(0);
        long d = x.size(1);
        checkLayerNorm("layer norm backward", x, gain, dgain, mean, inverseDeviation, dy);
        shape("layer norm backward", "dx", dx, rows, d);
        shape("layer norm backward", "dbias", dbias, d);
        int result;
        if (isDouble(x, gain, mean, inverseDeviation, dy, dx, dgain, dbias)) {
            result = kubegpt_layer_norm_backward_f64(address(x), address(gain), address(mean), address(inverseDeviation),
                    address(dy), address(dx), address(dgain), address(dbias), rows, d, threads);
        } else {
            result = kubegpt_layer_norm_backward_f32(address(x), address(gain), address(mean), address(inverseDeviation),
                    address(dy), address(dx), address(dgain), address(dbias), rows, d, threads);
        }
        allocated("layer norm backward", result);
    }

    /**
     * Causal self-attention of {@code heads} heads over q, k, v [b·t, d]: y [b·t, d] and the softmax probs [b, heads, t, t];
     * {@code keep} (dropout's 0 or 1/(1 - rate) per weight, [b, heads, t, t]) may be null.
     */
    static void attentionForward(INDArray q, INDArray k, INDArray v, INDArray keep, int heads, double scale, INDArray y,
                                 INDArray probs, int threads) {
        long t = probs.size(-1);
        long sequences = q.size(0) / t;
        long headSize = q.size(1) / heads;
        checkAttention("attention", q, keep, probs, heads, k, v, y);
        int result;
        if (isDouble(q, k, v, y, probs)) {
            result = kubegpt_attention_forward_f64(address(q), address(k), address(v), keep == null ? 0 : address(keep), address(y),
                    address(probs), sequences, t, heads, headSize, scale, threads);
        } else {
            result = kubegpt_attention_forward_f32(address(q), address(k), address(v), keep == null ? 0 : address(keep),
                    address(y), address(probs), sequences, t, heads, headSize, (float) scale, threads);
        }
        allocated("attention", result);
    }

    static void attentionBackward(INDArray q, INDArray k, INDArray v, INDArray keep, INDArray probs, INDArray dy,
                                  int heads, double scale, INDArray dq, INDArray dk, INDArray dv, int threads) {
        long t = probs.size(-1);
        long sequences = q.size(0) / t;
        long headSize = q.size(1) / heads;
        checkAttention("attention backward", q, keep, probs, heads, k, v, dy, dq, dk, dv);
        int result;
        if (isDouble(q, k, v, probs, dy, dq, dk, dv)) {
            result = kubegpt_attention_backward_f64(address(q), address(k), address(v), keep == null ? 0 : address(keep),
                    address(probs), address(dy), address(dq), address(dk), address(dv), sequences, t, heads, headSize,
                    scale, threads);
        } else {
            result = kubegpt_attention_backward_f32(address(q), address(k), address(v), keep == null ? 0 : address(keep),
                    address(probs), address(dy), address(dq), address(dk), address(dv), sequences, t, heads, headSize,
                    (float) scale, threads);
        }
        allocated("attention backward", result);
    }

    /**
     * Per-row cross-entropy of logits [n, v], or with {@code byClass} [v, n], against int32 targets [n]: losses [n]
     * and each row's logsumexp [n].
     */
    static void crossEntropyForward(INDArray logits, INDArray targets, INDArray losses, INDArray logSumExp,
                                    boolean byClass, int threads) {
        long n = logits.size(byClass ? 1 : 0);
        long v = logits.size(byClass ? 0 : 1);
        checkTargets(targets, n, v);
        shape("cross-entropy", "losses", losses, n);
        shape("cross-entropy", "logsumexp", logSumExp, n);
        if (isDouble(logits, losses, logSumExp)) {
            kubegpt_cross_entropy_forward_f64(address(logits), address(targets), address(losses), address(logSumExp),
                    n, v, byClass ? 1 : 0, threads);
        } else {
            kubegpt_cross_entropy_forward_f32(address(logits), address(targets), address(losses),
                    address(logSumExp), n, v, byClass ? 1 : 0, threads);
        }
    }

    static void crossEntropyBackward(INDArray logits, INDArray targets, INDArray logSumExp, INDArray dlosses,
                                     INDArray dlogits, boolean byClass, int threads) {
        long n = logits.size(byClass ? 1 : 0);
        long v = logits.size(byClass ? 0 : 1);
        checkTargets(targets, n, v);
        shape("cross-entropy backward", "logsumexp", logSumExp, n);
        shape("cross-entropy backward", "dlosses", dlosses, n);
        shape("cross-entropy backward", "dlogits", dlogits, logits.shape());
        if (isDouble(logits, logSumExp, dlosses, dlogits)) {
            kubegpt_cross_entropy_backward_f64(address(logits), address(targets), address(logSumExp), address(dlosses),
                    address(dlogits), n, v, byClass ? 1 : 0, threads);
        } else {
            kubegpt_cross_entropy_backward_f32(address(logits), address(targets), address(logSumExp), address(dlosses),
                    address(dlogits), n, v, byClass ? 1 : 0, threads);
        }
    }

    /** y = x + bias for x and y [rows, n], bias [n]. */
    static void biasAdd(INDArray x, INDArray bias, INDArray y, int threads) {
        long[] rowsAndColumns = matrix("bias addition", x);
        shape("bias addition", "bias", bias, rowsAndColumns[1]);
        shape("bias addition", "output", y, rowsAndColumns);
        if (isDouble(x, bias, y)) {
            kubegpt_bias_add_f64(address(x), address(bias), address(y), rowsAndColumns[0], rowsAndColumns[1], threads);
        } else {
            kubegpt_bias_add_f32(address(x), address(bias), address(y), rowsAndColumns[0], rowsAndColumns[1], threads);
        }
    }

    /** sums [n] = the column sums of x [rows, n]. */
    static void columnSums(INDArray x, INDArray sums, int threads) {
        long[] rowsAndColumns = matrix("column sums", x);
        shape("column sums", "sums", sums, rowsAndColumns[1]);
        if (isDouble(x, sums)) {
            kubegpt_column_sums_f64(address(x), address(sums), rowsAndColumns[0], rowsAndColumns[1], threads);
        } else {
            kubegpt_column_sums_f32(address(x), address(sums), rowsAndColumns[0], rowsAndColumns[1], threads);
        }
    }

    /** y [n, d] = the rows {@code ids} (n int32 values, any shape) of table [rows, d]. */
    static void embeddingForward(INDArray table, INDArray ids, INDArray y, int threads) {
        long[] rowsAndColumns = matrix("embedding", table);
        checkIndices("embedding", "id", ids, ids.length(), rowsAndColumns[0], "rows");
        shape("embedding", "output", y, ids.length(), rowsAndColumns[1]);
        if (isDouble(table, y)) {
            kubegpt_embedding_forward_f64(address(table), address(ids), address(y), ids.length(),
                    rowsAndColumns[1], threads);
        } else {
            kubegpt_embedding_forward_f32(address(table), address(ids), address(y), ids.length(),
                    rowsAndColumns[1], threads);
        }
    }

    /** table [rows, d] = per row the sum of the rows of dy [n, d] whose id is that row; zero where no id is. */
    static void embeddingBackward(INDArray dy, INDArray ids, INDArray table, int threads) {
        long[] rowsAndColumns = matrix("embedding backward", table);
        checkIndices("embedding backward", "id", ids, ids.length(), rowsAndColumns[0], "rows");
        shape("embedding backward", "dy", dy, ids.length(), rowsAndColumns[1]);
        if (isDouble(dy, table)) {
            kubegpt_embedding_backward_f64(address(dy), address(ids), address(table), ids.length(),
                    rowsAndColumns[0], rowsAndColumns[1], threads);
        } else {
            kubegpt_embedding_backward_f32(address(dy), address(ids), address(table), ids.length(),
                    rowsAndColumns[0], rowsAndColumns[1], threads);
        }
    }

    private static long[] matrix(String kernel, INDArray x) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException(kernel + " takes x of rank 2, got " + x.shapeInfoToString());
        }
        return x.shape();
    }

    /** x [rows, d]; the two per-column arrays [d]; the two per-row arrays [rows]; out like x. */
    private static void checkLayerNorm(String kernel, INDArray x, INDArray gain, INDArray bias, INDArray mean,
                                       INDArray inverseDeviation, INDArray out) {
        long[] rowsAndColumns = matrix(kernel, x);
        long rows = rowsAndColumns[0];
        long d = rowsAndColumns[1];
        shape(kernel, "gain", gain, d);
        shape(kernel, "bias", bias, d);
        shape(kernel, "mean", mean, rows);
        shape(kernel, "inverse deviation", inverseDeviation, rows);
        shape(kernel, "output", out, rows, d);
    }

    /** q and the others [b·t, d] with d a multiple of heads; probs and keep (if any) [b, heads, t, t]. */
    private static void checkAttention(String kernel, INDArray q, INDArray keep, INDArray probs, int heads,
                                       INDArray... others) {
        if (q.rank() != 2 || probs.rank() != 4 || heads < 1 || q.size(1) % heads != 0) {
            throw new IllegalArgumentException(kernel + " takes q [b·t, d] with d a multiple of the " + heads
                    + " heads and probs [b, heads, t, t], got " + q.shapeInfoToString() + " and "
                    + probs.shapeInfoToString());
        }
        long t = probs.size(-1);
        long sequences = probs.size(0);
        shape(kernel, "probs", probs, sequences, heads, t, t);
        shape(kernel, "q", q, sequences * t, q.size(1));
        for (INDArray other : others) {
            shape(kernel, "q, k, v and their gradients", other, q.shape());
        }
        if (keep != null) {
            shape(kernel, "dropout mask", keep, probs.shape());
        }
    }

    private static void shape(String kernel, String argument, INDArray array, long... expected) {
        if (!Arrays.equals(array.shape(), expected)) {
            throw new IllegalArgumentException(kernel + " takes " + argument + " of shape "
                    + Arrays.toString(expected) + ", got " + Arrays.toString(array.shape()));
        }
    }

    private static void sameLength(String kernel, INDArray... arrays) {
        for (INDArray array : arrays) {
            if (array.length() != arrays[0].length()) {
                throw new IllegalArgumentException(kernel + " takes arrays of one length, got " + arrays[0].length()
                        + " and " + array.length());
            }
        }
    }

    /** A kernel returns -1 when it could not allocate its scratch memory. */
    private static void allocated(String kernel, int result) {
        if (result != 0) {
            throw new OutOfMemoryError("the " + kernel + " kernel could not allocate its scratch memory");
        }
    }

    /** The kernels index rows with the targets: one outside [0, v) would write outside the array. */
    private static void checkTargets(INDArray targets, long n, long v) {
        checkIndices("cross-entropy", "target", targets, n, v, "classes");
    }

    /** {@code n} int32 indices, each in [0, limit): the kernels read or write row {@code index} of an array. */
    private static void checkIndices(String kernel, String what, INDArray indices, long n, long limit, String rows) {
        if (indices.dataType() != DataType.INT || indices.length() != n) {
            throw new IllegalArgumentException(kernel + " takes " + n + " int32 " + what + "s, got " + indices.length()
                    + " " + indices.dataType());
        }
        int[] values = indices.reshape(n).toIntVector();
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] >= limit) {
                throw new IllegalArgumentException(what + " " + i + " is " + values[i] + ", outside the " + limit + " "
                        + rows);
            }
        }
    }

    /** The sum of the squares of all the arrays' values (all of one type), summed in double precision. */
    static double sumOfSquares(List<INDArray> arrays, int threads) {
        int count = arrays.size();
        long[] addresses = new long[count];
        long[] lengths = new long[count];
        boolean isDouble = false;
        for (int i = 0; i < count; i++) {
            INDArray x = arrays.get(i);
            isDouble = isDouble(arrays.get(0), x);
            addresses[i] = address(x);
            lengths[i] = x.length();
        }
        return isDouble ? kubegpt_sum_of_squares_f64(count, addresses, lengths, threads)
                : kubegpt_sum_of_squares_f32(count, addresses, lengths, threads);
    }

    /** sums[i] = (sums[i] + addends[i]) * scale in place for every i, the arrays of each i of one length. */
    static void addScaled(List<INDArray> sums, List<INDArray> addends, double scale, int threads) {
        int count = sums.size();
        long[] sumAddresses = new long[count];
        long[] addendAddresses = new long[count];
        long[] lengths = new long[count];
        boolean isDouble = false;
        for (int i = 0; i < count; i++) {
            INDArray sum = sums.get(i);
            sameLength("add-scaled", sum, addends.get(i));
            isDouble = isDouble(sums.get(0), sum, addends.get(i));
            sumAddresses[i] = address(sum);
            addendAddresses[i] = address(addends.get(i));
            lengths[i] = sum.length();
        }
        if (isDouble) {
            kubegpt_add_scaled_f64(count, sumAddresses, addendAddresses, lengths, scale, threads);
        } else {
            kubegpt_add_scaled_f32(count, sumAddresses, addendAddresses, lengths, (float) scale, threads);
        }
    }

    /**
     * One AdamW step in place for every parameter i: params[i], its gradient grads[i] (same length) and its state
     * states[i] (first moments, then second), decays[i] its decoupled weight decay factor.
     */
    static void adamwStep(List<INDArray> params, List<INDArray> grads, List<INDArray> states, double[] decays,
                          double beta1, double beta2, double epsilon, double alpha, int threads) {
        int count = params.size();
        long[] paramAddresses = new long[count];
        long[] gradAddresses = new long[count];
        long[] stateAddresses = new long[count];
        long[] lengths = new long[count];
        boolean isDouble = false;
        for (int i = 0; i < count; i++) {
            INDArray param = params.get(i);
            long n = param.length();
            if (grads.get(i).length() != n || states.get(i).length() != 2 * n) {
                throw new IllegalArgumentException("an AdamW step needs a gradient of the parameter's length " + n
                        + " and twice that of state, got " + grads.get(i).length() + " and " + states.get(i).length());
            }
            isDouble = isDouble(params.get(0), param, grads.get(i), states.get(i));
            paramAddresses[i] = address(param);
            gradAddresses[i] = address(grads.get(i));
            stateAddresses[i] = address(states.get(i));
            lengths[i] = n;
        }
        if (isDouble) {
            kubegpt_adamw_step_f64(count, paramAddresses, gradAddresses, stateAddresses, lengths, decays, beta1, beta2,
                    epsilon, alpha, threads);
        } else {
            float[] singleDecays = new float[count];
            for (int i = 0; i < count; i++) {
                singleDecays[i] = (float) decays[i];
            }
            kubegpt_adamw_step_f32(count, paramAddresses, gradAddresses, stateAddresses, lengths, singleDecays,
                    (float) beta1, (float) beta2, (float) epsilon, (float) alpha, threads);
        }
    }

    /** Whether the arrays are float64; they must all be float32 or all float64. */
    private static boolean isDouble(INDArray... arrays) {
        DataType type = arrays[0].dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("fused kernels take float32 or float64 arrays, got " + type);
        }
        for (INDArray array : arrays) {
            if (array.dataType() != type) {
                throw new IllegalArgumentException("fused kernel arrays mix " + type + " and " + array.dataType());
            }
        }
        return type == DataType.DOUBLE;
    }

    private static long address(INDArray array) {
        boolean dense = array.rank() == 1 ? array.stride(0) == 1
                : array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array);
        if (!dense) {
            throw new IllegalArgumentException("fused kernels take contiguous arrays in C order, got "
                    + array.shapeInfoToString());
        }
        // a view's buffer already starts at the view's offset
        return array.data().addressPointer().address();
    }

    private static native void kubegpt_gelu_forward_f32(long x, long y, long n, int threads);

    private static native void kubegpt_gelu_forward_f64(long x, long y, long n, int threads);

    private static native void kubegpt_gelu_backward_f32(long x, long dy, long dx, long n, int threads);

    private static native void kubegpt_gelu_backward_f64(long x, long dy, long dx, long n, int threads);

    private static native void kubegpt_layer_norm_forward_f32(long x, long gain, long bias, long y, long mean, long rstd,
                                                              long rows, long d, float eps, int threads);

    private static native void kubegpt_layer_norm_forward_f64(long x, long gain, long bias, long y, long mean, long rstd,
                                                              long rows, long d, double eps, int threads);

    private static native int kubegpt_layer_norm_backward_f32(long x, long gain, long mean, long rstd, long dy, long dx,
                                                               long dgain, long dbias, long rows, long d, int threads);

    private static native int kubegpt_layer_norm_backward_f64(long x, long gain, long mean, long rstd, long dy, long dx,
                                                               long dgain, long dbias, long rows, long d, int threads);

    private static native int kubegpt_attention_forward_f32(long q, long k, long v, long keep, long y, long probs, long b,
                                                             long t, long h, long hs, float scale, int threads);

    private static native int kubegpt_attention_forward_f64(long q, long k, long v, long keep, long y, long probs, long b,
                                                             long t, long h, long hs, double scale, int threads);

    private static native int kubegpt_attention_backward_f32(long q, long k, long v, long keep, long probs, long dy,
                                                              long dq, long dk, long dv, long b, long t, long h, long hs,
                                                              float scale, int threads);

    private static native int kubegpt_attention_backward_f64(long q, long k, long v, long keep, long probs, long dy,
                                                              long dq, long dk, long dv, long b, long t, long h, long hs,
                                                              double scale, int threads);

    private static native void kubegpt_cross_entropy_forward_f32(long logits, long targets, long losses, long logSumExp,
                                                                 long n, long v, int byClass, int threads);

    private static native void kubegpt_cross_entropy_forward_f64(long logits, long targets, long losses, long logSumExp,
                                                                 long n, long v, int byClass, int threads);

    private static native void kubegpt_cross_entropy_backward_f32(long logits, long targets, long logSumExp, long dlosses,
                                                                  long dlogits, long n, long v, int byClass, int threads);

    private static native void kubegpt_cross_entropy_backward_f64(long logits, long targets, long logSumExp, long dlosses,
                                                                  long dlogits, long n, long v, int byClass, int threads);

    private static native void kubegpt_bias_add_f32(long x, long bias, long y, long rows, long n, int threads);

    private static native void kubegpt_bias_add_f64(long x, long bias, long y, long rows, long n, int threads);

    private static native void kubegpt_column_sums_f32(long x, long sums, long rows, long n, int threads);

    private static native void kubegpt_column_sums_f64(long x, long sums, long rows, long n, int threads);

    private static native void kubegpt_embedding_forward_f32(long table, long ids, long y, long n, long d, int threads);

    private static native void kubegpt_embedding_forward_f64(long table, long ids, long y, long n, long d, int threads);

    private static native void kubegpt_embedding_backward_f32(long dy, long ids, long table, long n, long rows, long d,
                                                              int threads);

    private static native void kubegpt_embedding_backward_f64(long dy, long ids, long table, long n, long rows, long d,
                                                              int threads);

    private static native void kubegpt_add_scaled_f32(int count, long[] sums, long[] addends, long[] lengths,
            float scale, int threads);

    private static native void kubegpt_add_scaled_f64(int count, long[] sums, long[] addends, long[] lengths,
            double scale, int threads);

    private static native double kubegpt_sum_of_squares_f32(int count, long[] arrays, long[] lengths, int threads);

    private static native double kubegpt_sum_of_squares_f64(int count, long[] arrays, long[] lengths, int threads);

    private static native void kubegpt_adamw_step_f32(int count, long[] params, long[] grads, long[] states, long[] lengths,
                                                      float[] decays, float beta1, float beta2, float epsilon,
                                                      float alpha, int threads);

    private static native void kubegpt_adamw_step_f64(int count, long[] params, long[] grads, long[] states, long[] lengths,
                                                      double[] decays, double beta1, double beta2, double epsilon,
                                                      double alpha, int threads);
}
