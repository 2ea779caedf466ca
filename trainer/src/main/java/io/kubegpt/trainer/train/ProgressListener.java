package io.kubegpt.trainer.train;

import java.time.Duration;

/** Told after every optimizer step; {@code tokens} and {@code elapsed} count from the start of the run. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (step, loss, learningRate, tokens, elapsed) -> { };

    void stepDone(int step, double loss, double learningRate, long tokens, Duration elapsed);
}
