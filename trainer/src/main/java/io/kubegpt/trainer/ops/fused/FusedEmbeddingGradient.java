package io.kubegpt.trainer.ops.fused;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gradient of {@link FusedEmbedding} in its table: from dy [ids..., d] and the ids, a [rows, d] table holding
 * in each row the sum of the rows of dy looked up from it.
 */
public final class FusedEmbeddingGradient extends KernelOp {

    static {
        register(new FusedEmbeddingGradient());
    }

    /** For SameDiff, which re-creates ops by name. */
    public FusedEmbeddingGradient() {
    }

    FusedEmbeddingGradient(SameDiff sameDiff, SDVariable dy, SDVariable ids, long rows) {
        super(sameDiff, dy, ids);
        addIArgument(rows);
    }

    /** For {@link #run} outside a graph. */
    public FusedEmbeddingGradient(long rows) {
        addIArgument(rows);
    }

    @Override
    public String opName() {
        return "kubegpt_embedding_bp";
    }

    @Override
    protected List<long[]> outputShapes(List<INDArray> inputs) {
        INDArray dy = inputs.get(0);
        return List.of(new long[] {getIArgument(0), dy.size(dy.rank() - 1)});
    }

    @Override
    protected void execute(List<INDArray> inputs, List<INDArray> outputs) {
        INDArray dy = inputs.get(0);
        INDArray ids = inputs.get(1);
        FusedKernels.embeddingBackward(dy.reshape(ids.length(), dy.size(dy.rank() - 1)), ids, outputs.get(0), threads());
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        throw new UnsupportedOperationException("second derivatives of an embedding are not needed");
    }
}
