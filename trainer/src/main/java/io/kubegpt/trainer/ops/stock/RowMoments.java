package io.kubegpt.trainer.ops.stock;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Mean and variance (without Bessel's correction) of each row of a [rows, d] matrix, as two [rows] vectors
 * (native {@code moments}). Backward: {@code dx = dmean/d + dvariance·2(x - mean)/d}.
 */
public final class RowMoments extends NativeOpWithGradient {

    static {
        register(new RowMoments());
    }

    /** For SameDiff, which re-creates ops by name. */
    public RowMoments() {
    }

    RowMoments(SameDiff sameDiff, SDVariable x) {
        super(sameDiff, x);
        addIArgument(1);
    }

    @Override
    public String opName() {
        return "kubegpt_row_moments";
    }

    @Override
    protected String nativeOpName() {
        return "moments";
    }

    @Override
    public int getNumOutputs() {
        return 2;
    }

    @Override
    public List<DataType> calculateOutputDataTypes(List<DataType> inputTypes) {
        return List.of(inputTypes.get(0), inputTypes.get(0));
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SDVariable x = arg(0);
        SDVariable columns = sameDiff.sizeAt(x, 1).castTo(x.dataType());
        SDVariable mean = outputVariables()[0].reshape(-1, 1);
        SDVariable meanGradient = gradients.get(0).div(columns).reshape(-1, 1);
        SDVariable varianceGradient = gradients.get(1).mul(2).div(columns).reshape(-1, 1);
        return List.of(x.sub(mean).mul(varianceGradient).add(meanGradient));
    }
}
