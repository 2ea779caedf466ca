package io.kubegpt.trainer.ops.stock;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * {@code x + bias} for x [rows, n] and bias [n] (native {@code biasadd}). Backward: dx is dy itself and dbias the
 * column sums of dy; the stock {@code biasadd_bp} also copies dy into a new dx on every call.
 */
public final class BiasAddition extends NativeOpWithGradient {

    static {
        register(new BiasAddition());
    }

    /** For SameDiff, which re-creates ops by name. */
    public BiasAddition() {
    }

    public BiasAddition(SameDiff sameDiff, SDVariable x, SDVariable bias) {
        super(sameDiff, x, bias);
        addBArgument(false);
    }

    @Override
    public String opName() {
        return "kubegpt_bias_add";
    }

    @Override
    protected String nativeOpName() {
        return "biasadd";
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SDVariable dy = gradients.get(0);
        return List.of(dy, columnSums(dy));
    }
}
