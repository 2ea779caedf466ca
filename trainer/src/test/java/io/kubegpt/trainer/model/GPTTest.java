package io.kubegpt.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.trainer.optim.LearningRateSchedule;
import io.kubegpt.trainer.optim.OptimizerConfig;
import io.kubegpt.trainer.session.RandomOpSeeder;
import io.kubegpt.trainer.train.RepeatingText;
import io.kubegpt.trainer.train.Trainer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class GPTTest {

    static final GPTConfig SMALL = new GPTConfig(17, 8, 2, 16, 4, 32, 0.1, 0.02);

    @Test
    void changingTokenTLeavesEarlierLogitsBitIdentical() {
        GPT gpt = new GPT(SMALL, 1);
        gpt.setTraining(false);
        int[] row = {3, 1, 4, 1, 5, 9, 2, 6};
        INDArray before = gpt.logits(new int[][] {row});
        for (int t = 0; t < row.length; t++) {
            int[] changed = row.clone();
            changed[t] = (row[t] + 7) % SMALL.vocabSize();
            INDArray after = gpt.logits(new int[][] {changed});
            if (t > 0) {
                INDArray earlierBefore = before.get(NDArrayIndex.all(), NDArrayIndex.interval(0, t), NDArrayIndex.all());
                INDArray earlierAfter = after.get(NDArrayIndex.all(), NDArrayIndex.interval(0, t), NDArrayIndex.all());
                assertThat(floats(earlierAfter)).as("logits before %d", t).containsExactly(floats(earlierBefore));
            }
            INDArray atT = after.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all());
            INDArray atTBefore = before.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all());
            assertThat(floats(atT)).as("logits at %d change", t).isNotEqualTo(floats(atTBefore));
        }
    }

    @Test
    void outputProjectionIsTheTokenEmbedding() {
        GPT gpt = new GPT(SMALL, 1);
        long embeddingShaped = gpt.sameDiff().variables().stream()
                .filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .filter(v -> Arrays.equals(v.getShape(), new long[] {SMALL.vocabSize(), SMALL.dModel()}))
                .count();
        assertThat(embeddingShaped).isEqualTo(1);
        assertThat(gpt.parameters()).containsKey(GPT.TOKEN_EMBEDDING);

        // a change to the embedding row of a token never used as input changes the logits of that token only
        gpt.setTraining(false);
        int[][] tokens = {{0, 1, 2, 3, 4, 5, 6, 7}};
        INDArray before = gpt.logits(tokens).dup();
        gpt.parameters().get(GPT.TOKEN_EMBEDDING).getRow(12).addi(0.5);
        INDArray after = gpt.logits(tokens);
        INDArray difference = after.sub(before);
        for (int v = 0; v < SMALL.vocabSize(); v++) {
            double change = difference.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(v)).amaxNumber().doubleValue();
            assertThat(change > 0).as("logit %d changed", v).isEqualTo(v == 12);
        }
        assertThat(gpt.sameDiff().variables().stream().map(SDVariable::name)).doesNotContain("lm_head_weight");
    }

    @Test
    void dropoutIsRandomInTrainingAndOffInEvaluation() {
        GPT gpt = new GPT(SMALL, 1);
        RandomOpSeeder seeder = RandomOpSeeder.attachTo(gpt.sameDiff()).orElseThrow();
        int[][] tokens = {{0, 1, 2, 3, 4, 5, 6, 7}};
        gpt.setTraining(true);
        seeder.setSeed(1);
        INDArray trainA = gpt.logits(tokens).dup();
        seeder.setSeed(2);
        INDArray trainB = gpt.logits(tokens).dup();
        seeder.setSeed(1);
        INDArray trainARepeated = gpt.logits(tokens).dup();
        assertThat(trainA).isNotEqualTo(trainB);
        assertThat(trainARepeated).isEqualTo(trainA);

        gpt.setTraining(false);
        seeder.setSeed(1);
        INDArray evalA = gpt.logits(tokens).dup();
        seeder.setSeed(2);
        INDArray evalB = gpt.logits(tokens).dup();
        assertThat(evalA).isEqualTo(evalB);

        GPT withoutDropout = new GPT(SMALL.withDropout(0), 1);
        assertThat(floats(withoutDropout.logits(tokens))).containsExactly(floats(evalA));
    }

    @Test
    void savedWeightsAndOptimizerStateReloadToIdenticalLogits(@TempDir Path dir) {
        RepeatingText text = new RepeatingText(new int[] {1, 2, 3, 4, 5}, SMALL.context(), 2, 3);
        OptimizerConfig optimizer = OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-2));
        GPT trained = new GPT(SMALL, 1);
        Trainer trainer = new Trainer(trained, optimizer, text, 5);
        for (int step = 0; step < 3; step++) {
            trainer.step(step);
        }
        trainer.save(dir);

        GPT loaded = new GPT(SMALL, 99);
        Trainer reloaded = new Trainer(loaded, optimizer, text, 5);
        reloaded.load(dir);
        trained.setTraining(false);
        loaded.setTraining(false);
        int[][] tokens = {{5, 4, 3, 2, 1, 0, 16, 8}};
        assertThat(floats(loaded.logits(tokens))).containsExactly(floats(trained.logits(tokens)));
        trainer.optimizer().state().forEach((name, state) ->
                assertThat(floats(reloaded.optimizer().state().get(name))).as(name).containsExactly(floats(state)));
    }

    @Test
    void nextTokenLogitsMatchTheFullSequenceAtTheLastPromptPosition() {
        GPT gpt = new GPT(SMALL, 1);
        gpt.setTraining(false);
        int[] prompt = {4, 2, 7};
        float[] next = gpt.nextTokenLogits(prompt);
        INDArray full = gpt.logits(new int[][] {{4, 2, 7, 9, 9, 9, 9, 9}});
        assertThat(next).containsExactly(full.get(NDArrayIndex.point(0), NDArrayIndex.point(2)).toFloatVector());
    }

    static float[] floats(INDArray array) {
        return array.dup().reshape(-1).toFloatVector();
    }
}
