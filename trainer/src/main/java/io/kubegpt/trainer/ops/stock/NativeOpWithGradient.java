package io.kubegpt.trainer.ops.stock;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.imports.converters.ImportClassMapping;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.CustomOpDescriptor;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A native libnd4j op under a Java name of its own, so that it keeps its own {@code doDiff}.
 *
 * <p>SameDiff builds the backward graph on a copy of the forward graph made by serialising every op and
 * creating it again from its op name. Overriding {@code doDiff} in a subclass of a stock op class is therefore
 * silently lost: the copy is the stock class. Under a name no native op has, the copy is found through
 * {@link ImportClassMapping}'s name table (where {@link #register} puts it), while execution still goes to
 * the native op through {@link #opHash()} and {@link #getDescriptor()}.
 */
abstract class NativeOpWithGradient extends DynamicCustomOp {

    protected NativeOpWithGradient() {
    }

    protected NativeOpWithGradient(SameDiff sameDiff, SDVariable... inputs) {
        super(null, sameDiff, inputs, false);
    }

    /** The libnd4j op that runs the forward pass. */
    protected abstract String nativeOpName();

    static void register(NativeOpWithGradient prototype) {
        ImportClassMapping.getOpNameMapping().putIfAbsent(prototype.opName(), prototype);
    }

    /** Inputs and integer arguments carry everything; there are no named properties to serialise. */
    @Override
    public Map<String, Object> propertiesForFunction() {
        return Map.of();
    }

    @Override
    public void setPropertiesForFunction(Map<String, Object> properties) {
    }

    /**
     * Σrows of a [rows, n] matrix as a product with a row of ones: ND4J's reduce_sum along dimension 0 walks
     * the matrix column by column and was several times slower.
     */
    protected SDVariable columnSums(SDVariable matrix) {
        SDVariable ones = sameDiff.onesLike(matrix.get(SDIndex.all(), SDIndex.point(0))).reshape(1, -1);
        return ones.mmul(matrix).reshape(-1);
    }

    @Override
    public long opHash() {
        return getDescriptor().getHash();
    }

    @Override
    public CustomOpDescriptor getDescriptor() {
        return Nd4j.getExecutioner().getCustomOperations().get(nativeOpName());
    }

    /** The output has the first input's type; ops whose output follows another input override this. */
    @Override
    public List<DataType> calculateOutputDataTypes(List<DataType> inputTypes) {
        return List.of(inputTypes.get(0));
    }
}
