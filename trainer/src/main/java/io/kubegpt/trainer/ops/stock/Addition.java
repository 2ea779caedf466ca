package io.kubegpt.trainer.ops.stock;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;

/**
 * {@code a + b} (native {@code add}) for a residual connection (b has a's shape) or a constant b (the causal
 * mask, broadcast). Backward: dy passes to both inputs as it is, or not at all to a constant; the stock
 * {@code add_bp} copies dy for each input and reduces it for the broadcast one.
 */
public final class Addition extends NativeOpWithGradient {

    static {
        register(new Addition());
    }

    /** For SameDiff, which re-creates ops by name. */
    public Addition() {
    }

    public Addition(SameDiff sameDiff, SDVariable a, SDVariable b) {
        super(sameDiff, a, b);
    }

    @Override
    public String opName() {
        return "kubegpt_add";
    }

    @Override
    protected String nativeOpName() {
        return "add";
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SDVariable dy = gradients.get(0);
        SDVariable b = arg(1);
        return List.of(dy, b.getVariableType() == VariableType.CONSTANT ? sameDiff.zerosLike(b) : dy);
    }
}
