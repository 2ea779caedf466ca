package io.kubegpt.trainer.ops.stock;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.transforms.segment.UnsortedSegmentSum;

/**
 * Row lookup {@code table[ids]} (native {@code gather} on axis 0) whose gradient is summed into the table's
 * rows by {@code unsorted_segment_sum(dOut, ids, rows)}: a dense [rows, columns] gradient, no one-hot matrix.
 *
 * <p>The stock gather gradient of SameDiff 1.0.0-M2.1 is a while loop that writes one slice per index
 * (B·T iterations per step); inside fit() it fails with "One of Input arguments was closed before call".
 */
public final class EmbeddingLookup extends NativeOpWithGradient {

    static {
        register(new EmbeddingLookup());
    }

    /** For SameDiff, which re-creates ops by name. */
    public EmbeddingLookup() {
    }

    public EmbeddingLookup(SameDiff sameDiff, SDVariable table, SDVariable ids) {
        super(sameDiff, table, ids);
        addIArgument(0);
    }

    @Override
    public String opName() {
        return "kubegpt_embedding_lookup";
    }

    @Override
    protected String nativeOpName() {
        return "gather";
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SDVariable table = arg(0);
        SDVariable ids = arg(1);
        long[] shape = table.getShape();
        SDVariable rowGradients = gradients.get(0).reshape(-1, shape[1]);
        SDVariable tableGradient = new UnsortedSegmentSum(sameDiff, rowGradients, ids.reshape(-1),
                Math.toIntExact(shape[0])).outputVariable();
        return List.of(tableGradient, sameDiff.zerosLike(ids));
    }
}
