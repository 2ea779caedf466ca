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
import org.nd4j.linalg.factory.Nd4j;

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

    /**
     * One process, one micro-batch a step: the optimizer updates from the gradient arrays it is handed, with no copy;
     * accumulating two micro-batches, or with a reducer that needs the flat buffer, it sums copies.
     */
    @Test
    void aSingleProcessTakingOneMicroBatchKeepsTheHandedGradientsAndOthersSumCopies() {
        Map<String, INDArray> parameters = new java.util.TreeMap<>(Map.of("w_weight", Nd4j.ones(DataType.DOUBLE, 2, 3),
                "w_bias", Nd4j.zeros(DataType.DOUBLE, 3)));
        OptimizerConfig config = OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-2));
        INDArray gradient = Nd4j.linspace(DataType.DOUBLE, 1, 6, 1).reshape(2, 3);

        Optimizer keeping = new Optimizer(new java.util.TreeMap<>(parameters), config, GradientReducer.LOCAL);
        keeping.accumulate("w_weight", gradient);
        assertThat(keeping.accumulatedGradients().get("w_weight")).isSameAs(gradient);

        Optimizer summing = new Optimizer(new java.util.TreeMap<>(parameters), config.withAccumulationSteps(2),
                GradientReducer.LOCAL);
        summing.accumulate("w_weight", gradient);
        summing.accumulate("w_weight", gradient);
        assertThat(summing.accumulatedGradients().get("w_weight")).isNotSameAs(gradient).isEqualTo(gradient.mul(2));

        Optimizer reducing = new Optimizer(new java.util.TreeMap<>(parameters), config, buffer -> { });
        reducing.accumulate("w_weight", gradient);
        assertThat(reducing.accumulatedGradients().get("w_weight")).isNotSameAs(gradient).isEqualTo(gradient);
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
        }, 0, 1);
        clipped.step(0);
        assertThat(clipped.optimizer().lastGradientNorm()).isCloseTo(norm, within(1e-12));
        assertThat(seen).hasSize(clippedModel.parameters().size());
    }

    /**
     * Clipped to global norm 1, the first update of each entry is Adam's of the clipped gradient c = g/|g|:
     * lr·√(1-β2)/(1-β1)·m/(√v + ε) with m = (1-β1)·c, v = (1-β2)·c². An ε of the gradients' order makes the update
     * depend on the gradient's scale, so an update from the unclipped gradient would differ.
     */
    @Test
    void theUpdateAfterClippingIsAdamsUpdateOfTheClippedGradient() {
        GPTConfig steep = new GPTConfig(11, 6, 1, 8, 2, 16, 0.0, 0.5);
        double lr = 1e-2;
        double beta1 = 0.9;
        double beta2 = 0.999;
        double epsilon = 1e-3;
        OptimizerConfig config = new OptimizerConfig(LearningRateSchedule.constant(lr), beta1, beta2, epsilon, 0, 1.0, 1);
        Trainer reference = new Trainer(new GPT(steep, 3, DataType.DOUBLE), config, TEXT, 1);
        reference.accumulateGradients(0);
        Map<String, INDArray> gradients = copy(reference.optimizer().accumulatedGradients());
        double norm = norm(gradients);
        assertThat(norm).isGreaterThan(2);

        GPT model = new GPT(steep, 3, DataType.DOUBLE);
        Map<String, INDArray> before = copy(model.parameters());
        new Trainer(model, config, TEXT, 1).step(0);
        double worstIfUnclipped = 0;
        for (String name : before.keySet()) {
            double[] g = gradients.get(name).data().asDouble();
            double[] was = before.get(name).data().asDouble();
            double[] now = model.parameters().get(name).data().asDouble();
            for (int i = 0; i < g.length; i++) {
                double update = was[i] - now[i];
                assertThat(update).as("%s[%d]", name, i)
                        .isCloseTo(adamFirstUpdate(g[i] / norm, lr, beta1, beta2, epsilon), within(1e-12));
                worstIfUnclipped = Math.max(worstIfUnclipped,
                        Math.abs(update - adamFirstUpdate(g[i], lr, beta1, beta2, epsilon)));
            }
        }
        assertThat(worstIfUnclipped).isGreaterThan(1e-4);
    }

    private static double adamFirstUpdate(double gradient, double lr, double beta1, double beta2, double epsilon) {
        double m = (1 - beta1) * gradient;
        double v = (1 - beta2) * gradient * gradient;
        return lr * Math.sqrt(1 - beta2) / (1 - beta1) * m / (Math.sqrt(v) + epsilon);
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> arrays) {
        Map<String, INDArray> copy = new java.util.TreeMap<>();
        arrays.forEach((name, array) -> copy.put(name, array.dup()));
        return copy;
    }

    @Test
    void reducerSeesEveryGradientOnceInNameOrderInOneCall() {
        GPT gpt = new GPT(TINY, 3);
        List<String> order = new ArrayList<>();
        Trainer trainer = new Trainer(gpt, OptimizerConfig.gpt1(LearningRateSchedule.constant(1e-3)), gpt.batches(TEXT),
                1, gradients -> gradients.segments().forEach(segment -> order.add(segment.name())), 0, 1);
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
