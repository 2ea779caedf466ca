package io.kubegpt.trainer.distributed;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Torch tensors that share an ND4J array's memory (no copy): a collective on the tensor reads and writes the
 * array. The array must stay alive, and in place, while the tensor is used. On the CPU backend ND4J buffers are
 * host memory; with the CUDA backend a host staging copy would go here (Gloo reduces host memory; NCCL would
 * take the device pointer instead).
 */
final class TorchTensors {

    private TorchTensors() {
    }

    /** The whole of a contiguous array, as a 1-D tensor. */
    static Tensor wrap(INDArray array) {
        requireContiguous(array);
        return wrap(array, 0, array.length());
    }

    /** Elements [offset, offset + length) of a contiguous array, as a 1-D tensor. */
    static Tensor wrap(INDArray array, long offset, long length) {
        requireContiguous(array);
        if (offset < 0 || length < 0 || offset + length > array.length()) {
            throw new IllegalArgumentException("range [" + offset + ", " + (offset + length) + ") is outside "
                    + array.length() + " elements");
        }
        int size = array.dataType().width();
        Pointer base = array.data().addressPointer();
        BytePointer start = new BytePointer(base).position(offset * size).capacity((offset + length) * size);
        return torch.from_blob(start, new long[] {length}, new TensorOptions(scalarType(array.dataType())));
    }

    static void requireContiguous(INDArray array) {
        if (array.isView() && array.offset() != 0) {
            throw new IllegalArgumentException("a collective needs an array that owns its buffer, not a view at offset "
                    + array.offset() + ": pass the parent array with an element range");
        }
        if (array.ordering() != 'c' || (array.length() > 1 && array.elementWiseStride() != 1)) {
            throw new IllegalArgumentException("a collective needs a contiguous array, got " + array.shapeInfoToString());
        }
    }

    private static torch.ScalarType scalarType(DataType type) {
        return switch (type) {
            case FLOAT -> torch.ScalarType.Float;
            case DOUBLE -> torch.ScalarType.Double;
            case LONG -> torch.ScalarType.Long;
            case INT -> torch.ScalarType.Int;
            case HALF -> torch.ScalarType.Half;
            case BFLOAT16 -> torch.ScalarType.BFloat16;
            default -> throw new IllegalArgumentException("no torch type for " + type);
        };
    }
}
