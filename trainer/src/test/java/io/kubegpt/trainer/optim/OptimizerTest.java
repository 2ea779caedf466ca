package io.kubegpt.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kubegpt.trainer.TrainingDivergedException;
import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.train.RepeatingText;
import io.kubegpt.trainer.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class OptimizerTest {

    static final GPTConfig TINY = new GPTConfig(11, 6, 1, 8, 2, 16, 0.0, 0.02);
    static final RepeatingText TEXT = new RepeatingText(new int[] {1, 2, 3, 4, 5, 6, 7}, TINY.context(), 2, 1);

    @Test
    void weightDecayIsDecidedByName() {
        assertThat(Optimizer.decays("wte_weight")).isTrue();
        assertThat(Optimizer.decays("h0_attn_q_weight")).isTrue();
        assertThat(Optimizer.decays("h0_attn_q_bias")).isFalse();
        assertThat(Optimizer.decays("h3_ln2_gain")).isFalse();
        assertThat(Optimizer.decays("h3_ln2_bias")).isFalse();
    }

    /** Two identical runs, one step, differing only in weight decay: the parameters differ by lr·wd·param exactly where names decay. */
    @Test
    void weightDecayShrinksWeightsButNotBiasesOrGains() {
        double lr = 1e-2;
        double decay = 0.5;
        Map<String, INDArray> without = oneStep(OptimizerConfig.gpt1(LearningRateSchedule.constant(lr)).withWeightDecay(0), null);
        List<String> decayed = new ArrayList<>();
        Map<String, INDArray> with = oneStep(OptimizerConfig.gpt1(LearningRateSchedule.constant(lr)).withWeightDecay(decay), decayed);
        for (String name : with.keySet()) {
            INDArray difference = without.get(name).sub(with.get(name));
            if (Optimizer.decays(name)) {
                assertThat(difference.getDouble(0)).as(name)
                        .isCloseTo(lr * decay * initial.get(name).getDouble(0), within(1e-12));
            } else {
                assertThat(difference.amaxNumber().doubleValue()).as(name).isZero();
            }
        }
        assertThat(decayed).contains("wte_weight", "wpe_weight", "h0_mlp_fc_weight")
                .noneMatch(name -> name.endsWith("_bias") || name.endsWith("_gain"));
    }

    /** A NaN in one weight makes every gradient NaN: the step stops before the update and leaves every weight as it was. */
    @Test
    void aNonFiniteGradientStopsTheStepBeforeAnyWeightChanges() {
        GPT gpt = new GPT(TINY, 3, DataType.DOUBLE);
        gpt.parameters().get("h0_ln1_gain").putScalar(0, Double.NaN);
        Map<String, double[]> before = new java.util.TreeMap<>();
        gpt.parameters().forEach((name, array) -> before.put(name, array.dup().data().asDouble()));

        assertThatThrownBy(() -> new Trainer(gpt, OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-2)), TEXT, 1)
                .step(7))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("step 7").hasMessageContaining("NaN");
        gpt.parameters().forEach((name, array) -> assertThat(java.util.Arrays.equals(array.data().asDouble(),
                before.get(name))).as(name).isTrue());
    }

    private Map<String, INDArray> initial;

    private Map<String, INDArray> oneStep(OptimizerConfig config, List<String> decayedNames) {
        GPT gpt = new GPT(TINY, 3, DataType.DOUBLE);
        initial = new java.util.TreeMap<>();
        gpt.parameters().forEach((name, array) -> initial.put(name, array.dup()));
        new Trainer(gpt, config, TEXT, 1).step(0);
        if (decayedNames != null) {
            gpt.parameters().keySet().stream().filter(Optimizer::decays).forEach(decayedNames::add);
        }
        return gpt.parameters();
    }

    @Test
    void clippingScalesTheGlobalNormDownToTheLimit() {
        GPT reference = new GPT(TINY, 3, DataType.DOUBLE);
        Trainer unclipped = new Trainer(reference, OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-3)), TEXT, 1);
        unclipped.accumulateGradients(0);
        double norm = norm(unclipped.optimizer().accumulatedGradients());

        GPT clippedModel = new GPT(TINY, 3, DataType.DOUBLE);
        List<Double> seen = new ArrayList<>();
        OptimizerConfig clipping = OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-3)).withClipNorm(norm / 4);
        Trainer clipped = new Trainer(clippedModel, clipping, clippedModel.batches(TEXT), 1, gradients -> {
            for (int i = 0; i < gradients.segments().size(); i++) {
                seen.add(gradients.view(i).norm2Number().doubleValue());
            }
        }, 0);
        clipped.step(0);
        assertThat(clipped.optimizer().lastGradientNorm()).isCloseTo(norm, within(1e-12));
        assertThat(seen).hasSize(clippedModel.parameters().size());
    }

    @Test
    void reducerSeesEveryGradientOnceInNameOrderInOneCall() {
        GPT gpt = new GPT(TINY, 3);
        List<String> order = new ArrayList<>();
        Trainer trainer = new Trainer(gpt, OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-3)), gpt.batches(TEXT),
                1, gradients -> gradients.segments().forEach(segment -> order.add(segment.name())), 0);
        trainer.step(0);
        assertThat(order).containsExactlyElementsOf(gpt.parameters().keySet());
    }

    private static double norm(Map<String, INDArray> gradients) {
        double squares = 0;
        for (INDArray g : gradients.values()) {
            squares += Math.pow(g.norm2Number().doubleValue(), 2);
        }
        return Math.sqrt(squares);
    }
}
