package io.kubegpt.trainer.ops.fused;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The column sums [n] of a [rows, n] matrix: a bias's gradient. */
public final class FusedColumnSums extends KernelOp {

    static {
        register(new FusedColumnSums());
    }

    /** For SameDiff, which re-creates ops by name. */
    public FusedColumnSums() {
    }

    FusedColumnSums(SameDiff sameDiff, SDVariable x) {
        super(sameDiff, x);
    }

    @Override
    public String opName() {
        return "kubegpt_column_sums";
    }

    @Override
    protected List<long[]> outputShapes(List<INDArray> inputs) {
        return List.of(new long[] {inputs.get(0).size(1)});
    }

    @Override
    protected void execute(List<INDArray> inputs, List<INDArray> outputs) {
        FusedKernels.columnSums(inputs.get(0), outputs.get(0), threads());
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        throw new UnsupportedOperationException("second derivatives of a bias addition are not needed");
    }
}
