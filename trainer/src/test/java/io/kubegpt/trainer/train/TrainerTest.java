package io.kubegpt.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kubegpt.trainer.model.BatchSource;
import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.ops.fused.Kernels;
import io.kubegpt.trainer.optim.GradientReducer;
import io.kubegpt.trainer.optim.LearningRateSchedule;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.runtime.NativeThreads;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TrainerTest {

    static final GPTConfig SMALL = new GPTConfig(32, 16, 2, 32, 4, 64, 0.1, 0.02);
    static final int[] CYCLE = {3, 14, 15, 9, 26, 5, 31, 8, 27, 18, 28, 1};

    @Test
    void lossFallsWellBelowLnVOnARepetitiveSequence() {
        GPT gpt = new GPT(SMALL, 1);
        RepeatingText text = new RepeatingText(CYCLE, SMALL.context(), 8, 2);
        Trainer trainer = new Trainer(gpt, OptimizerConfig.gpt1(LearningRateSchedule.warmupCosine(3e-3, 20, 300)), text, 3);
        double first = trainer.step(0);
        for (int step = 1; step < 300; step++) {
            trainer.step(step);
        }
        double lnV = Math.log(SMALL.vocabSize());
        assertThat(first).isCloseTo(lnV, within(0.3));
        double validation = gpt.validationLoss(new RepeatingText(CYCLE, SMALL.context(), 8, 99), 2);
        assertThat(validation).isLessThan(0.1 * lnV);
    }

    @Test
    void accumulatingTwoHalfBatchesEqualsOneFullBatch() {
        GPTConfig config = SMALL.withDropout(0);
        RepeatingText full = new RepeatingText(CYCLE, config.context(), 8, 4);
        BatchSource halves = (step, micro) -> java.util.Arrays.copyOfRange(full.windows(step, 0), micro * 4, micro * 4 + 4);
        OptimizerConfig adam = OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-3));

        GPT one = new GPT(config, 5, DataType.DOUBLE);
        Trainer oneBatch = new Trainer(one, adam, full, 1);
        GPT two = new GPT(config, 5, DataType.DOUBLE);
        Trainer twoHalves = new Trainer(two, adam.withAccumulationSteps(2), halves, 1);

        double lossOne = oneBatch.accumulateGradients(0);
        double lossTwo = twoHalves.accumulateGradients(0);
        assertThat(lossTwo).isCloseTo(lossOne, within(1e-12));
        Map<String, INDArray> summed = twoHalves.optimizer().accumulatedGradients();
        oneBatch.optimizer().accumulatedGradients().forEach((name, gradient) ->
                assertThat(summed.get(name).div(2).sub(gradient).amaxNumber().doubleValue()).as(name).isLessThan(1e-5 * Math.max(1e-3, gradient.amaxNumber().doubleValue())));

        oneBatch.optimizer().step(0);
        twoHalves.optimizer().step(0);
        one.parameters().forEach((name, parameter) ->
                assertThat(two.parameters().get(name).sub(parameter).amaxNumber().doubleValue()).as(name).isLessThan(1e-7));
    }

    @Test
    void twoThreadsTrainAsOneDoes() {
        GPTConfig config = SMALL.withDropout(0);
        RepeatingText text = new RepeatingText(CYCLE, config.context(), 8, 4);
        OptimizerConfig adam = OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-3));
        GPT one = new GPT(config, 5, DataType.DOUBLE);
        Trainer oneThread = new Trainer(one, adam, one.batches(text), 1, GradientReducer.LOCAL, 0, 1);
        GPT two = new GPT(config, 5, DataType.DOUBLE);
        Trainer twoThreads = new Trainer(two, adam, two.batches(text), 1, GradientReducer.LOCAL, 0, 2);

        assertThat(Kernels.available()).as("replicas run where the fused kernels do").isTrue();
        int threadsBefore = Nd4j.getEnvironment().maxMasterThreads();
        try {
            for (int step = 0; step < 3; step++) {
                assertThat(twoThreads.step(step)).as("loss of step %d", step).isCloseTo(oneThread.step(step), within(1e-12));
            }
        } finally {
            NativeThreads.set(threadsBefore);
        }
        one.parameters().forEach((name, parameter) ->
                assertThat(two.parameters().get(name).sub(parameter).amaxNumber().doubleValue()).as(name).isLessThan(1e-9));
    }

    @Test
    void withDropoutARunOfReplicasResumedFromItsCheckpointRepeatsTheUninterruptedRun(@TempDir Path dir) {
        RepeatingText text = new RepeatingText(CYCLE, SMALL.context(), 8, 4);
        OptimizerConfig adam = OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-3));
        GPT straight = new GPT(SMALL, 5);
        Trainer uninterrupted = new Trainer(straight, adam, straight.batches(text), 1, GradientReducer.LOCAL, 0, 2);
        GPT first = new GPT(SMALL, 5);
        Trainer interrupted = new Trainer(first, adam, first.batches(text), 1, GradientReducer.LOCAL, 0, 2);
        GPT second = new GPT(SMALL, 99);
        Trainer resumed = new Trainer(second, adam, second.batches(text), 1, GradientReducer.LOCAL, 0, 2);

        int threadsBefore = Nd4j.getEnvironment().maxMasterThreads();
        try {
            for (int step = 0; step < 4; step++) {
                uninterrupted.step(step);
            }
            interrupted.step(0);
            interrupted.step(1);
            interrupted.save(dir);
            resumed.load(dir);
            resumed.step(2);
            resumed.step(3);
        } finally {
            NativeThreads.set(threadsBefore);
        }
        assertThat(uninterrupted.replicas()).isEqualTo(2);
        straight.parameters().forEach((name, parameter) ->
                assertThat(second.parameters().get(name).dup().data().asFloat()).as(name)
                        .containsExactly(parameter.dup().data().asFloat()));
    }
}
