package io.kubegpt.trainer.ops.fused;

import java.util.List;
import java.util.stream.LongStream;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row lookup {@code table[ids]} for a [rows, d] table and int32 ids of any shape: output [ids..., d]. Its gradient is
 * {@link FusedEmbeddingGradient}, whose threads split the table's rows between them; libnd4j's
 * {@code unsorted_segment_sum} ran on one thread.
 */
public final class FusedEmbedding extends KernelOp {

    static {
        register(new FusedEmbedding());
    }

    /** For SameDiff, which re-creates ops by name. */
    public FusedEmbedding() {
    }

    public FusedEmbedding(SameDiff sameDiff, SDVariable table, SDVariable ids) {
        super(sameDiff, table, ids);
    }

    @Override
    public String opName() {
        return "kubegpt_embedding";
    }

    @Override
    protected List<long[]> outputShapes(List<INDArray> inputs) {
        long[] ids = inputs.get(1).shape();
        return List.of(LongStream.concat(LongStream.of(ids), LongStream.of(inputs.get(0).size(1))).toArray());
    }

    @Override
    protected void execute(List<INDArray> inputs, List<INDArray> outputs) {
        INDArray table = inputs.get(0);
        INDArray ids = inputs.get(1);
        FusedKernels.embeddingForward(table, ids, outputs.get(0).reshape(ids.length(), table.size(1)), threads());
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SDVariable table = arg(0);
        SDVariable ids = arg(1);
        SDVariable tableGradient = new FusedEmbeddingGradient(sameDiff, gradients.get(0), ids, table.getShape()[0])
                .outputVariable();
        return List.of(tableGradient, sameDiff.zerosLike(ids));
    }
}
