package io.kubegpt.trainer.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One part of a loss: {@code weight} times the mean (or the sum) of a variable's array. */
public record LossTerm(String variable, boolean summed, double weight) {

    public static LossTerm mean(String variable) {
        return new LossTerm(variable, false, 1);
    }

    public static LossTerm sum(String variable, double weight) {
        return new LossTerm(variable, true, weight);
    }

    public double valueOf(INDArray array) {
        return weight * (summed ? array.sumNumber() : array.meanNumber()).doubleValue();
    }
}
