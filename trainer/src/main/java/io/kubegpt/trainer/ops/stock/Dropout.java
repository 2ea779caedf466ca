package io.kubegpt.trainer.ops.stock;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.random.custom.RandomBernoulli;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout with a Bernoulli mask (ND4J's dropout ops have no gradient). The mask is scaled by
 * {@code name_scale} and shifted by {@code name_shift}: 1/keep and 0 in training, 0 and 1 in evaluation, where the
 * factor is exactly 1. At rate 0 it adds nothing to the graph.
 */
public final class Dropout {

    private final SameDiff sd;
    private final DataType dataType;
    private final double rate;
    private final String scaleName;
    private final String shiftName;

    public Dropout(SameDiff sd, DataType dataType, String name, double rate) {
        this.sd = sd;
        this.dataType = dataType;
        this.rate = rate;
        this.scaleName = name + "_scale";
        this.shiftName = name + "_shift";
        if (rate > 0) {
            sd.constant(scaleName, Nd4j.scalar(dataType, 1.0));
            sd.constant(shiftName, Nd4j.scalar(dataType, 0.0));
        }
    }

    /** x with its own mask per element. */
    public SDVariable apply(SDVariable x) {
        return rate == 0 ? x : apply(x, sd.shape(x));
    }

    /** x times a mask of {@code maskShape}, broadcast over x (one mask value shared along the dimensions of size 1). */
    public SDVariable apply(SDVariable x, SDVariable maskShape) {
        SDVariable mask = mask(maskShape);
        return mask == null ? x : x.mul(mask);
    }

    /** The factors a masked value is multiplied by, of {@code shape}: 0 or 1/keep in training, 1 in evaluation; null at rate 0. */
    public SDVariable mask(SDVariable shape) {
        if (rate == 0) {
            return null;
        }
        SDVariable mask = new RandomBernoulli(sd, shape, 1 - rate).outputVariable().castTo(dataType);
        return mask.mul(sd.getVariable(scaleName)).add(sd.getVariable(shiftName));
    }

    /** Masks on for training, off for evaluation. */
    public void setTraining(boolean training) {
        if (rate > 0) {
            sd.getArrForVarName(scaleName).assign(training ? 1 / (1 - rate) : 0);
            sd.getArrForVarName(shiftName).assign(training ? 0 : 1);
        }
    }
}
