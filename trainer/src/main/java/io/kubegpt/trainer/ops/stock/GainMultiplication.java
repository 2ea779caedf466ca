package io.kubegpt.trainer.ops.stock;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * {@code x * gain} for x [rows, n] and gain [n] (native {@code multiply}, broadcast). Backward: {@code dx = dy·gain},
 * {@code dgain} the column sums of {@code dy·x}; the stock {@code multiply_bp} reduces along the columns, which is slow.
 */
public final class GainMultiplication extends NativeOpWithGradient {

    static {
        register(new GainMultiplication());
    }

    /** For SameDiff, which re-creates ops by name. */
    public GainMultiplication() {
    }

    GainMultiplication(SameDiff sameDiff, SDVariable x, SDVariable gain) {
        super(sameDiff, x, gain);
    }

    @Override
    public String opName() {
        return "kubegpt_gain_multiply";
    }

    @Override
    protected String nativeOpName() {
        return "multiply";
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SDVariable dy = gradients.get(0);
        return List.of(dy.mul(arg(1)), columnSums(dy.mul(arg(0))));
    }
}
