package io.kubegpt.trainer.ops.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kubegpt.trainer.model.FiniteDifferences;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused ops against a direct computation and their gradients against finite differences, in double precision,
 * on shapes small enough to check every entry; and what they do with input the model should never give them.
 */
class FusedKernelsTest {

    private static final int SEQUENCES = 2;
    private static final int CONTEXT = 4;
    private static final int HEADS = 2;
    private static final int HEAD_SIZE = 3;
    private static final int WIDTH = HEADS * HEAD_SIZE;
    private static final double SCALE = 1 / Math.sqrt(HEAD_SIZE);

    @Test
    void attentionIsSoftmaxOfScaledCausalScoresTimesValuesPerSequenceAndHead() {
        INDArray q = random(11, SEQUENCES * CONTEXT, WIDTH);
        INDArray k = random(12, SEQUENCES * CONTEXT, WIDTH);
        INDArray v = random(13, SEQUENCES * CONTEXT, WIDTH);
        INDArray keep = dropoutMask();
        INDArray[] outputs = new CausalSelfAttention(CONTEXT, HEADS, SCALE).run(q, k, v, keep);
        for (int s = 0; s < SEQUENCES; s++) {
            for (int h = 0; h < HEADS; h++) {
                for (int i = 0; i < CONTEXT; i++) {
                    double[] weights = new double[CONTEXT];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        for (int c = 0; c < HEAD_SIZE; c++) {
                            weights[j] += SCALE * q.getDouble(s * CONTEXT + i, h * HEAD_SIZE + c)
                                    * k.getDouble(s * CONTEXT + j, h * HEAD_SIZE + c);
                        }
                        max = Math.max(max, weights[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j <= i; j++) {
                        weights[j] = Math.exp(weights[j] - max);
                        sum += weights[j];
                    }
                    for (int j = 0; j < CONTEXT; j++) {
                        double expected = j <= i ? weights[j] / sum : 0;
                        assertThat(outputs[1].getDouble(s, h, i, j)).isCloseTo(expected, within(1e-12));
                    }
                    for (int c = 0; c < HEAD_SIZE; c++) {
                        double expected = 0;
                        for (int j = 0; j <= i; j++) {
                            expected += weights[j] / sum * keep.getDouble(s, h, i, j) * v.getDouble(s * CONTEXT + j, h * HEAD_SIZE + c);
                        }
                        assertThat(outputs[0].getDouble(s * CONTEXT + i, h * HEAD_SIZE + c)).isCloseTo(expected, within(1e-12));
                    }
                }
            }
        }
    }

    @Test
    void attentionGradientsMatchFiniteDifferencesWithAndWithoutDropout() {
        for (boolean dropout : new boolean[] {false, true}) {
            Map<String, INDArray> inputs = new LinkedHashMap<>();
            inputs.put("q", random(21, SEQUENCES * CONTEXT, WIDTH));
            inputs.put("k", random(22, SEQUENCES * CONTEXT, WIDTH));
            inputs.put("v", random(23, SEQUENCES * CONTEXT, WIDTH));
            INDArray keep = dropoutMask();
            assertGradientsMatch(inputs, (sd) -> new CausalSelfAttention(sd, sd.getVariable("q"), sd.getVariable("k"),
                    sd.getVariable("v"), dropout ? sd.constant(keep) : null, CONTEXT, HEADS, SCALE).outputVariables()[0]);
        }
    }

    @Test
    void geluGradientMatchesFiniteDifferences() {
        Map<String, INDArray> inputs = Map.of("x", Nd4j.linspace(-4, 4, 24, DataType.DOUBLE).reshape(4, 6));
        assertGradientsMatch(inputs, sd -> new Gelu(sd, sd.getVariable("x")).outputVariable());
    }

    @Test
    void layerNormGradientsMatchFiniteDifferencesAndAConstantRowStaysFinite() {
        INDArray x = random(31, 3, 5);
        x.getRow(0).assign(3);
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        inputs.put("x", x);
        inputs.put("gain", random(32, 5));
        inputs.put("bias", random(33, 5));
        assertGradientsMatch(inputs, sd -> new LayerNorm(sd, sd.getVariable("x"), sd.getVariable("gain"),
                sd.getVariable("bias"), 1e-5).outputVariables()[0]);
        INDArray[] outputs = new LayerNorm(1e-5).run(x, inputs.get("gain"), inputs.get("bias"));
        assertThat(outputs[0].getRow(0)).isEqualTo(inputs.get("bias"));
    }

    @Test
    void crossEntropyGradientMatchesFiniteDifferencesAndAnOutOfRangeTargetIsRefused() {
        INDArray targets = Nd4j.createFromArray(2, 0, 4);
        Map<String, INDArray> inputs = Map.of("logits", random(41, 3, 5));
        assertGradientsMatch(inputs, sd -> new CrossEntropy(sd, sd.getVariable("logits"), sd.constant(targets))
                .outputVariables()[0]);
        assertThatThrownBy(() -> new CrossEntropy().run(inputs.get("logits"), Nd4j.createFromArray(2, 5, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target 1 is 5, outside the 5 classes");
    }

    @Test
    void aNaNInputGivesNaNOutputsSoThatDivergenceIsSeen() {
        INDArray x = random(51, 2, 4);
        x.putScalar(1, 2, Double.NaN);
        assertThat(new Gelu().run(x)[0].getDouble(1, 2)).isNaN();
        INDArray normalised = new LayerNorm(1e-5).run(x, Nd4j.ones(DataType.DOUBLE, 4),
                Nd4j.zeros(DataType.DOUBLE, 4))[0];
        assertThat(normalised.getRow(1).isNaN().all()).isTrue();
        assertThat(normalised.getRow(0).isNaN().any()).isFalse();
    }

    @Test
    void float32MatchesFloat64() {
        INDArray x = random(61, 16, 32);
        INDArray gain = random(62, 32);
        INDArray bias = random(63, 32);
        INDArray exact = new LayerNorm(1e-5).run(x, gain, bias)[0];
        INDArray single = new LayerNorm(1e-5).run(x.castTo(DataType.FLOAT), gain.castTo(DataType.FLOAT),
                bias.castTo(DataType.FLOAT))[0];
        assertThat(single.castTo(DataType.DOUBLE).sub(exact).amaxNumber().doubleValue()).isLessThan(1e-5);
        INDArray geluExact = new Gelu().run(x)[0];
        INDArray geluSingle = new Gelu().run(x.castTo(DataType.FLOAT))[0];
        assertThat(geluSingle.castTo(DataType.DOUBLE).sub(geluExact).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    /** The gradients of sum(op(inputs) * fixed weights) in every input entry against central differences. */
    private static void assertGradientsMatch(Map<String, INDArray> inputs, Function<SameDiff, SDVariable> op) {
        SameDiff sd = SameDiff.create();
        inputs.forEach(sd::var);
        SDVariable y = op.apply(sd);
        INDArray weights = random(99, y.eval().shape());
        y.mul(sd.constant(weights)).sum().rename("loss");
        sd.setLossVariables("loss");
        Map<String, INDArray> gradients = sd.calculateGradients(Map.of(), inputs.keySet().toArray(String[]::new));
        Map<String, INDArray> parameters = new LinkedHashMap<>();
        inputs.keySet().forEach(name -> parameters.put(name, sd.getArrForVarName(name)));
        assertThat(FiniteDifferences.mismatches(parameters, gradients,
                () -> sd.output(Map.of(), "loss").get("loss").getDouble(0),
                (name, parameter) -> java.util.stream.LongStream.range(0, parameter.length()).toArray()))
                .as("gradient mismatches").isEmpty();
    }

    /** Dropout's factors at rate 0.5: 0 or 2. */
    private static INDArray dropoutMask() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        INDArray mask = Nd4j.create(DataType.DOUBLE, SEQUENCES, HEADS, CONTEXT, CONTEXT);
        for (long i = 0; i < mask.length(); i++) {
            mask.putScalar(i, random.nextBoolean() ? 2 : 0);
        }
        return mask;
    }

    private static INDArray random(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, shape);
    }
}
