package io.kubegpt.trainer.ops.stock;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * {@code x̂ = (x - mean) / sqrt(variance + epsilon)} for x [rows, d] and per-row mean and variance [rows]
 * (native {@code batchnorm} along axis 0, no scale or offset). With s = 1/sqrt(variance + epsilon) and g = dx̂:
 * {@code dx = g·s}, {@code dmean = -s·Σ g}, {@code dvariance = -s²/2·Σ g·x̂}, the sums along each row.
 */
public final class Standardization extends NativeOpWithGradient {

    static {
        register(new Standardization());
    }

    /** For SameDiff, which re-creates ops by name. */
    public Standardization() {
    }

    Standardization(SameDiff sameDiff, SDVariable x, SDVariable mean, SDVariable variance, double epsilon) {
        super(sameDiff, x, mean, variance);
        addIArgument(0, 0, 0);
        addTArgument(epsilon);
    }

    @Override
    public String opName() {
        return "kubegpt_standardization";
    }

    @Override
    protected String nativeOpName() {
        return "batchnorm";
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SDVariable g = gradients.get(0);
        SDVariable normalised = outputVariable();
        SDVariable inverseStd = sameDiff.math().rsqrt(arg(2).add(getTArgument(0)));
        SDVariable dx = g.mul(inverseStd.reshape(-1, 1));
        SDVariable dmean = g.sum(1).mul(inverseStd).neg();
        SDVariable dvariance = g.mul(normalised).sum(1).mul(inverseStd.mul(inverseStd).mul(-0.5));
        return List.of(dx, dmean, dvariance);
    }
}
