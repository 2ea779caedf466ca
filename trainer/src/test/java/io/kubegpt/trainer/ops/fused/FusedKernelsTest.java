package io.kubegpt.trainer.ops.fused;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import io.kubegpt.trainer.model.FiniteDifferences;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

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
        INDArray[] outputs = new FusedAttention(CONTEXT, HEADS, SCALE).run(q, k, v, keep);
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
            assertGradientsMatch(inputs, (sd) -> new FusedAttention(sd, sd.getVariable("q"), sd.getVariable("k"),
                    sd.getVariable("v"), dropout ? sd.constant(keep) : null, CONTEXT, HEADS, SCALE).outputVariables()[0]);
        }
    }

    /** Head size 64 (GPT-1's): the kernels' vector loops, which a head size of 3 never reaches. */
    @Test
    void attentionGradientsAtHeadSize64MatchFiniteDifferences() {
        int heads = 2;
        int context = 6;
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        inputs.put("q", random(24, context, heads * 64));
        inputs.put("k", random(25, context, heads * 64));
        inputs.put("v", random(26, context, heads * 64));
        assertGradientsMatch(inputs, (sd) -> new FusedAttention(sd, sd.getVariable("q"), sd.getVariable("k"),
                sd.getVariable("v"), null, context, heads, 0.125).outputVariables()[0]);
    }

    @Test
    void attentionGivesTheSameBitsOnOneThreadAndOnTwo() {
        INDArray q = random(27, 3 * 20, 128).castTo(DataType.FLOAT);
        INDArray k = random(28, 3 * 20, 128).castTo(DataType.FLOAT);
        INDArray v = random(29, 3 * 20, 128).castTo(DataType.FLOAT);
        INDArray dy = random(30, 3 * 20, 128).castTo(DataType.FLOAT);
        INDArray[][] results = new INDArray[2][];
        for (int threads = 1; threads <= 2; threads++) {
            INDArray y = Nd4j.create(DataType.FLOAT, 60, 128);
            INDArray probs = Nd4j.create(DataType.FLOAT, 3, 2, 20, 20);
            FusedKernels.attentionForward(q, k, v, null, 2, 0.125, y, probs, threads);
            INDArray dq = Nd4j.create(DataType.FLOAT, 60, 128);
            INDArray dk = Nd4j.create(DataType.FLOAT, 60, 128);
            INDArray dv = Nd4j.create(DataType.FLOAT, 60, 128);
            FusedKernels.attentionBackward(q, k, v, null, probs, dy, 2, 0.125, dq, dk, dv, threads);
            results[threads - 1] = new INDArray[] {y, probs, dq, dk, dv};
        }
        for (int i = 0; i < results[0].length; i++) {
            assertThat(results[1][i]).as("output %d", i).isEqualTo(results[0][i]);
        }
    }

    @Test
    void attentionRefusesArraysOfTheWrongShapeBeforeCallingC() {
        INDArray q = Nd4j.create(DataType.FLOAT, 8, 6);
        INDArray shortK = Nd4j.create(DataType.FLOAT, 7, 6);
        assertThatThrownBy(() -> FusedKernels.attentionForward(q, shortK, q, null, 2, 1, q.like(),
                Nd4j.create(DataType.FLOAT, 2, 2, 4, 4), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attention takes q, k, v and their gradients of shape [8, 6], got [7, 6]");
        assertThatThrownBy(() -> FusedKernels.attentionForward(q, q, q, null, 4, 1, q.like(),
                Nd4j.create(DataType.FLOAT, 2, 4, 4, 4), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("attention takes q [b·t, d] with d a multiple of the 4 heads");
    }

    /** Five steps of the fused AdamW on two threads against the update written out in double precision. */
    @Test
    void adamwOverSeveralStepsFollowsItsFormula() {
        double beta1 = 0.9;
        double beta2 = 0.999;
        double epsilon = 1e-8;
        double lr = 1e-2;
        double[] decays = {lr * 0.01, 0};
        List<INDArray> parameters = List.of(random(71, 1000).castTo(DataType.FLOAT), random(72, 37).castTo(DataType.FLOAT));
        List<INDArray> states = parameters.stream().map(p -> Nd4j.zeros(DataType.FLOAT, 2 * p.length())).toList();
        List<double[]> expected = parameters.stream().map(p -> p.toDoubleVector()).toList();
        List<double[]> moments = parameters.stream().map(p -> new double[2 * (int) p.length()]).toList();
        for (int step = 1; step <= 5; step++) {
            List<INDArray> gradients = new ArrayList<>();
            for (INDArray parameter : parameters) {
                gradients.add(random(80 + step, parameter.length()).castTo(DataType.FLOAT));
            }
            double alpha = lr * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step));
            FusedKernels.adamwStep(parameters, gradients, states, decays, beta1, beta2, epsilon, alpha, 2);
            for (int s = 0; s < parameters.size(); s++) {
                double[] p = expected.get(s);
                double[] m = moments.get(s);
                double[] g = gradients.get(s).toDoubleVector();
                for (int i = 0; i < p.length; i++) {
                    m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                    m[p.length + i] = beta2 * m[p.length + i] + (1 - beta2) * g[i] * g[i];
                    p[i] -= alpha * m[i] / (Math.sqrt(m[p.length + i]) + epsilon) + decays[s] * p[i];
                }
            }
        }
        for (int s = 0; s < parameters.size(); s++) {
            double[] actual = parameters.get(s).toDoubleVector();
            for (int i = 0; i < actual.length; i++) {
                assertThat(actual[i]).as("parameter %d entry %d", s, i).isCloseTo(expected.get(s)[i], within(1e-5));
            }
        }
    }

    @Test
    void theSumOfSquaresOfSeveralArraysIsSummedInDoublePrecisionOnTwoThreadsAndANaNMakesItNaN() {
        List<INDArray> arrays = List.of(random(91, 100_003).castTo(DataType.FLOAT), random(92, 3).castTo(DataType.FLOAT),
                random(93, 1).castTo(DataType.FLOAT));
        double expected = 0;
        for (INDArray x : arrays) {
            for (double value : x.toDoubleVector()) {
                expected += value * value;
            }
        }
        assertThat(FusedKernels.sumOfSquares(arrays, 2)).isCloseTo(expected, within(1e-9 * expected));
        arrays.get(2).putScalar(0, Float.NaN);
        assertThat(FusedKernels.sumOfSquares(arrays, 2)).isNaN();
    }

    @Test
    void addScaledAddsEachPairAndScalesTheSumOnTwoThreadsInBothPrecisions() {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            List<INDArray> sums = List.of(random(51, 100_003).castTo(type), random(52, 3, 7).castTo(type));
            List<INDArray> addends = List.of(random(53, 100_003).castTo(type), random(54, 3, 7).castTo(type));
            List<INDArray> expected = List.of(sums.get(0).add(addends.get(0)).mul(0.5), sums.get(1).add(addends.get(1)).mul(0.5));

            FusedKernels.addScaled(sums, addends, 0.5, 2);

            for (int i = 0; i < sums.size(); i++) {
                assertThat(sums.get(i).equalsWithEps(expected.get(i), 1e-6)).as("%s pair %d", type, i).isTrue();
            }
        }
        assertThatThrownBy(() -> FusedKernels.addScaled(List.of(random(55, 4)), List.of(random(56, 5)), 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one length");
    }

    @Test
    void geluGradientMatchesFiniteDifferences() {
        Map<String, INDArray> inputs = Map.of("x", Nd4j.linspace(-4, 4, 24, DataType.DOUBLE).reshape(4, 6));
        assertGradientsMatch(inputs, sd -> new FusedGelu(sd, sd.getVariable("x")).outputVariable());
    }

    @Test
    void layerNormGradientsMatchFiniteDifferencesAndAConstantRowStaysFinite() {
        INDArray x = random(31, 3, 5);
        x.getRow(0).assign(3);
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        inputs.put("x", x);
        inputs.put("gain", random(32, 5));
        inputs.put("bias", random(33, 5));
        assertGradientsMatch(inputs, sd -> new FusedLayerNorm(sd, sd.getVariable("x"), sd.getVariable("gain"),
                sd.getVariable("bias"), 1e-5).outputVariables()[0]);
        INDArray[] outputs = new FusedLayerNorm(1e-5).run(x, inputs.get("gain"), inputs.get("bias"));
        assertThat(outputs[0].getRow(0)).isEqualTo(inputs.get("bias"));
    }

    @Test
    void crossEntropyGradientMatchesFiniteDifferencesAndAnOutOfRangeTargetIsRefused() {
        INDArray targets = Nd4j.createFromArray(2, 0, 4);
        Map<String, INDArray> inputs = Map.of("logits", random(41, 3, 5));
        assertGradientsMatch(inputs, sd -> new FusedCrossEntropy(sd, sd.getVariable("logits"), sd.constant(targets),
                false).outputVariables()[0]);
        assertThatThrownBy(() -> new FusedCrossEntropy(false).run(inputs.get("logits"), Nd4j.createFromArray(2, 5, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target 1 is 5, outside the 5 classes");
    }

    /** More columns than a thread's block of them, as a bias's gradient. */
    @Test
    void biasAdditionAddsToEveryRowAndItsGradientMatchesFiniteDifferences() {
        INDArray x = random(44, 3, 70);
        INDArray bias = random(45, 70);
        INDArray y = new FusedBiasAddition().run(x, bias)[0];
        assertThat(y.equalsWithEps(x.addRowVector(bias), 1e-15)).isTrue();
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        inputs.put("x", x);
        inputs.put("bias", bias);
        assertGradientsMatch(inputs, sd -> new FusedBiasAddition(sd, sd.getVariable("x"), sd.getVariable("bias"))
                .outputVariable());
    }

    /**
     * Ids of two sequences, one of them repeated, one row of the table never looked up: the rows come out in the ids'
     * shape, and the table's gradient, its rows split between two threads, matches finite differences and gives the
     * same bits as one thread; an id outside the table is refused before C reads or writes that row.
     */
    @Test
    void embeddingLooksUpRowsAndItsGradientSumsTheRowsOfEachIdOnAnyThreadCount() {
        INDArray table = random(47, 7, 5);
        INDArray ids = Nd4j.createFromArray(new int[][] {{3, 0, 3}, {6, 1, 5}});
        INDArray rows = new FusedEmbedding().run(table, ids)[0];
        assertThat(rows.shape()).containsExactly(2, 3, 5);
        assertThat(rows.get(NDArrayIndex.point(1), NDArrayIndex.point(2), NDArrayIndex.all())).isEqualTo(table.getRow(5));
        assertGradientsMatch(Map.of("table", table), sd -> new FusedEmbedding(sd, sd.getVariable("table"),
                sd.constant(ids)).outputVariable());

        INDArray manyIds = Nd4j.createFromArray(IntStream.range(0, 300).map(i -> i * i % 97).toArray());
        INDArray dy = random(48, 300, 70).castTo(DataType.FLOAT);
        INDArray[] gradients = new INDArray[2];
        for (int threads = 1; threads <= 2; threads++) {
            gradients[threads - 1] = Nd4j.create(DataType.FLOAT, 97, 70);
            FusedKernels.embeddingBackward(dy, manyIds, gradients[threads - 1], threads);
        }
        assertThat(gradients[1]).isEqualTo(gradients[0]);
        assertThat(gradients[0].getRow(5).amaxNumber().doubleValue()).as("a row no id looks up").isZero();

        assertThatThrownBy(() -> new FusedEmbedding().run(table, Nd4j.createFromArray(2, 7, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("id 1 is 7, outside the 7 rows");
    }

    /** Logits by class, [classes, rows], more rows than a thread's block of columns: the rows' transposed losses. */
    @Test
    void crossEntropyByClassIsTheCrossEntropyOfTheTransposeAndItsGradientMatchesFiniteDifferences() {
        int rows = 300;
        INDArray targets = Nd4j.createFromArray(IntStream.range(0, rows).map(r -> r * 7 % 5).toArray());
        INDArray byRow = random(42, rows, 5);
        INDArray[] expected = new FusedCrossEntropy(false).run(byRow, targets);
        INDArray[] byClass = new FusedCrossEntropy(true).run(byRow.transpose().dup('c'), targets);
        assertThat(byClass[0].equalsWithEps(expected[0], 1e-12)).isTrue();
        assertThat(byClass[1].equalsWithEps(expected[1], 1e-12)).isTrue();

        INDArray smallTargets = Nd4j.createFromArray(2, 0, 4, 4);
        assertGradientsMatch(Map.of("logits", random(43, 5, 4)), sd -> new FusedCrossEntropy(sd, sd.getVariable("logits"),
                sd.constant(smallTargets), true).outputVariables()[0]);
    }

    @Test
    void aNaNInputGivesNaNOutputsSoThatDivergenceIsSeen() {
        INDArray x = random(51, 2, 4);
        x.putScalar(1, 2, Double.NaN);
        assertThat(new FusedGelu().run(x)[0].getDouble(1, 2)).isNaN();
        INDArray normalised = new FusedLayerNorm(1e-5).run(x, Nd4j.ones(DataType.DOUBLE, 4),
                Nd4j.zeros(DataType.DOUBLE, 4))[0];
        assertThat(normalised.getRow(1).isNaN().all()).isTrue();
        assertThat(normalised.getRow(0).isNaN().any()).isFalse();
    }

    @Test
    void float32MatchesFloat64() {
        INDArray x = random(61, 16, 32);
        INDArray gain = random(62, 32);
        INDArray bias = random(63, 32);
        INDArray exact = new FusedLayerNorm(1e-5).run(x, gain, bias)[0];
        INDArray single = new FusedLayerNorm(1e-5).run(x.castTo(DataType.FLOAT), gain.castTo(DataType.FLOAT),
                bias.castTo(DataType.FLOAT))[0];
        assertThat(single.castTo(DataType.DOUBLE).sub(exact).amaxNumber().doubleValue()).isLessThan(1e-5);
        INDArray geluExact = new FusedGelu().run(x)[0];
        INDArray geluSingle = new FusedGelu().run(x.castTo(DataType.FLOAT))[0];
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
