package io.kubegpt.trainer.ops;

import static org.assertj.core.api.Assertions.assertThat;
import io.kubegpt.trainer.ops.fused.Kernels;
import io.kubegpt.trainer.ops.stock.Dropout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Each layer the facade builds computes the same values and gradients from the fused kernels as from the stock
 * ops it uses where they do not run (a GPU), in double precision.
 */
class OpsTest {

    private static final int ROWS = 12;
    private static final int WIDTH = 8;
    private static final int CONTEXT = 4;

    @BeforeAll
    static void kernelsRunHere() {
        assertThat(Kernels.available()).as("fused kernels on this machine").isTrue();
    }

    @Test
    void layerNorm() {
        assertSameLayer(Map.of("x", random(1, ROWS, WIDTH)), (ops, sd) -> ops.layerNorm("ln", sd.getVariable("x"), WIDTH));
    }

    @Test
    void gelu() {
        assertSameLayer(Map.of("x", random(2, ROWS, WIDTH).muli(3)), (ops, sd) -> ops.gelu(sd.getVariable("x")));
    }

    @Test
    void crossEntropy() {
        INDArray targets = Nd4j.createFromArray(new int[] {0, 7, 3, 3, 5, 1, 2, 6, 4, 0, 7, 1});
        assertSameLayer(Map.of("logits", random(3, ROWS, WIDTH)),
                (ops, sd) -> ops.crossEntropy(sd.getVariable("logits"), sd.constant(targets)));
    }

    @Test
    void embedding() {
        INDArray ids = Nd4j.createFromArray(new int[][] {{3, 0, 3, 8}, {6, 1, 5, 3}});
        assertSameLayer(Map.of("table", random(14, 9, WIDTH)),
                (ops, sd) -> ops.embedding(sd.getVariable("table"), sd.constant(ids)));
    }

    @Test
    void linear() {
        assertSameLayer(Map.of("x", random(13, ROWS, WIDTH)), (ops, sd) -> ops.linear("fc", sd.getVariable("x"), WIDTH, 5));
    }

    @Test
    void tiedOutputCrossEntropy() {
        INDArray targets = Nd4j.createFromArray(new int[] {0, 7, 3, 3, 5, 1, 2, 6, 4, 0, 7, 1});
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        inputs.put("x", random(11, ROWS, WIDTH));
        inputs.put("table", random(12, 9, WIDTH));
        assertSameLayer(inputs, (ops, sd) -> ops.tiedOutputCrossEntropy(sd.getVariable("x"), sd.getVariable("table"),
                sd.constant(targets)));
    }

    @Test
    void causalSelfAttentionWithDropoutOffForEvaluation() {
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        inputs.put("q", random(4, ROWS, WIDTH));
        inputs.put("k", random(5, ROWS, WIDTH));
        inputs.put("v", random(6, ROWS, WIDTH));
        assertSameLayer(inputs, (ops, sd) -> {
            Dropout dropout = ops.dropout("dropout", 0.3);
            dropout.setTraining(false);
            return ops.causalSelfAttention(sd.getVariable("q"), sd.getVariable("k"), sd.getVariable("v"), WIDTH, CONTEXT, 2,
                    dropout);
        });
    }

    /**
     * The model's attention shape (head size 64, as GPT-1's) in float32 with the work split over two threads, against
     * the stock ops in float64; a context that is not a multiple of the kernels' vector width.
     */
    @Test
    void causalSelfAttentionAtHeadSize64InFloat32OnTwoThreads() {
        int heads = 2;
        int width = heads * 64;
        int context = 37;
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        inputs.put("q", random(8, 2 * context, width));
        inputs.put("k", random(9, 2 * context, width));
        inputs.put("v", random(10, 2 * context, width));
        BiFunction<Ops, SameDiff, SDVariable> attention = (ops, sd) -> {
            Dropout dropout = ops.dropout("dropout", 0);
            return ops.causalSelfAttention(sd.getVariable("q"), sd.getVariable("k"), sd.getVariable("v"), width, context,
                    heads, dropout);
        };
        int threads = Nd4j.getEnvironment().maxMasterThreads();
        Nd4j.getEnvironment().setMaxMasterThreads(2);
        try {
            Map<String, INDArray> fused = outputAndGradients(inputs, attention, true, DataType.FLOAT);
            Map<String, INDArray> stock = outputAndGradients(inputs, attention, false, DataType.DOUBLE);
            for (String name : stock.keySet()) {
                INDArray expected = stock.get(name);
                double difference = fused.get(name).castTo(DataType.DOUBLE).sub(expected).amaxNumber().doubleValue();
                assertThat(difference).as(name).isLessThan(2e-5 * Math.max(1, expected.amaxNumber().doubleValue()));
            }
        } finally {
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
        }
    }

    private static void assertSameLayer(Map<String, INDArray> inputs, BiFunction<Ops, SameDiff, SDVariable> layer) {
        Map<String, INDArray> fused = outputAndGradients(inputs, layer, true, DataType.DOUBLE);
        Map<String, INDArray> stock = outputAndGradients(inputs, layer, false, DataType.DOUBLE);
        assertThat(fused.keySet()).isEqualTo(stock.keySet());
        for (String name : fused.keySet()) {
            double difference = fused.get(name).sub(stock.get(name)).amaxNumber().doubleValue();
            assertThat(difference).as(name).isLessThan(1e-10);
        }
    }

    /** The layer's output and the gradients of a weighted sum of it in the inputs and the layer's parameters. */
    private static Map<String, INDArray> outputAndGradients(Map<String, INDArray> inputs,
                                                            BiFunction<Ops, SameDiff, SDVariable> layer, boolean fused,
                                                            DataType type) {
        SameDiff sd = SameDiff.create();
        inputs.forEach((name, value) -> sd.var(name, value.castTo(type)));
        Nd4j.getRandom().setSeed(42);
        SDVariable y = layer.apply(new Ops(sd, type, 0.5, fused), sd);
        sd.identity("y", y);
        y.mul(sd.constant(random(7, y.eval().shape()).castTo(type))).sum().rename("loss");
        sd.setLossVariables("loss");
        Map<String, INDArray> result = new LinkedHashMap<>();
        result.put("y", sd.output(Map.of(), "y").get("y"));
        String[] trained = sd.variables().stream().filter(v -> v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE)
                .map(SDVariable::name).toArray(String[]::new);
        result.putAll(sd.calculateGradients(Map.of(), trained));
        return result;
    }

    private static INDArray random(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, shape);
    }
}
