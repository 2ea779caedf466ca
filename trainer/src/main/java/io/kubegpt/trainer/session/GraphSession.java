package io.kubegpt.trainer.session;

import io.kubegpt.trainer.model.TrainableModel;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.config.ExecutionResult;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.internal.FrameIter;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * A model's forward and backward passes through one SameDiff session over its gradient function: the only code that
 * reaches into SameDiff's sessions, so the only code a DL4J upgrade changes for training. It computes what
 * {@code SameDiff.fit()} computes for each batch, with these differences:
 *
 * <ul>
 *   <li>One session is kept for the whole run. fit() builds a new session, and with it a new array cache, on every
 *       call, so every step allocated all of its activations and gradients afresh from native memory (page faults,
 *       and gigabytes of RSS until the garbage collector released the old ones); a kept session reuses the arrays of
 *       its {@link ArrayPool}.
 *   <li>The gradients leave the pass, each handed to the {@link GradientSink} of the pass as soon as the backward
 *       pass has it, and nothing else happens to them. fit()'s training session applies an updater and subtracts
 *       its update from the parameter in the middle of the backward pass; this session is an inference session
 *       over the same gradient function, so the parameters change only when the optimizer applies its own update,
 *       and no zero update is written and subtracted (two passes over every parameter per micro-batch).
 *   <li>The loss is read as the pass computes it ({@link LossCapture}): fit() reports 0.
 *   <li>Dropout masks are drawn from the seed given for the pass ({@link RandomOpSeeder}).
 * </ul>
 */
public final class GraphSession {

    /** Receives each trained variable's gradient of a pass as soon as the backward pass has it. */
    @FunctionalInterface
    public interface GradientSink {

        /** {@code gradient} is the session's array: it holds the gradient until the session's next pass reuses it. */
        void receive(String variable, INDArray gradient);
    }

    private final TrainableModel model;
    private final SameDiff sd;
    private final SortedMap<String, INDArray> parameters;
    private final Optional<RandomOpSeeder> dropout;
    private final LossCapture loss;
    private final GradientSession session;
    private final ArrayPool memory;
    private final List<Listener> listeners;

    /** Sets the graph of {@code model} up for training: its gradient function, session and listeners. */
    public GraphSession(TrainableModel model) {
        this(model, new ArrayPool());
    }

    GraphSession(TrainableModel model, ArrayPool memory) {
        this.model = model;
        this.memory = memory;
        this.sd = model.sameDiff();
        this.dropout = RandomOpSeeder.attachTo(sd);
        this.loss = new LossCapture(model.lossTerms());
        if (sd.getFunction("grad") == null) {
            createGradFunctionQuietly(sd);
        }
        SameDiff gradients = sd.getFunction("grad");
        SortedMap<String, INDArray> trained = new TreeMap<>();
        Map<String, String> variableOfGradient = new HashMap<>();
        for (SDVariable variable : sd.variables()) {
            SDVariable gradient = variable.getVariableType() == VariableType.VARIABLE
                    ? gradients.getVariable(variable.name()).getGradient() : null;
            // a variable the loss does not depend on has no gradient, and is not trained
            if (gradient != null) {
                trained.put(variable.name(), variable.getArr());
                variableOfGradient.put(gradient.name(), variable.name());
            }
        }
        this.parameters = Collections.unmodifiableSortedMap(trained);
        this.session = new GradientSession(gradients, variableOfGradient);
        session.setMmgr(memory);
        this.listeners = new ArrayList<>(sd.getListeners());
        listeners.add(loss);
    }

    /** Times the ops of the passes: the next step runs each distinct call alone, then {@link OpTimes#startTiming()}. */
    public OpTimes timeOps() {
        OpTimes times = new OpTimes();
        listeners.add(times);
        return times;
    }

    /** The trained variables by name (live arrays), in the order their gradients are laid out. */
    public SortedMap<String, INDArray> parameters() {
        return parameters;
    }

    /**
     * The forward and backward pass of one batch, its dropout masks drawn from {@code dropoutSeed}; every trained
     * variable's gradient goes to {@code sink}. Returns the batch's loss.
     */
    public double run(Map<String, INDArray> placeholders, long dropoutSeed, GradientSink sink) {
        dropout.ifPresent(seeder -> seeder.setSeed(dropoutSeed));
        session.run(placeholders, listeners, new At(0, 0, 0, Thread.currentThread().getId(), null,
                Operation.TRAINING), sink);
        memory.endIteration();
        OptionalDouble seen = loss.take();
        return seen.isPresent() ? seen.getAsDouble() : forwardLoss(placeholders, dropoutSeed);
    }

    /** The loss of the pass just trained, when training skipped an op it is read from: same inputs, same masks. */
    private double forwardLoss(Map<String, INDArray> placeholders, long dropoutSeed) {
        dropout.ifPresent(seeder -> seeder.setSeed(dropoutSeed));
        return sd.output(placeholders, model.lossName()).get(model.lossName()).getDouble(0);
    }

    /**
     * SameDiff 1.0.0-M2.1 prints a line to standard output for every op it differentiates (hundreds per model),
     * in the middle of the CLI's output; those lines are dropped, anything else printed meanwhile passes.
     */
    private static void createGradFunctionQuietly(SameDiff sd) {
        PrintStream out = System.out;
        System.setOut(new PrintStream(new LineFilter(out, line -> !line.startsWith("Added differentiated op ")), true,
                StandardCharsets.UTF_8));
        try {
            sd.createGradFunction();
        } finally {
            System.out.flush();
            System.setOut(out);
        }
    }

    /**
     * SameDiff's inference session over the gradient function, computing every gradient as an output and handing
     * each to the pass's sink as the op that computes it returns.
     *
     * <p>Two costs of SameDiff 1.0.0-M2.1's session that do not change from pass to pass are avoided. It copies the map
     * of every variable of the graph to check each requested output's name: one gradient is requested, and the others
     * go as required activations, which the pass computes all the same and which {@link #getOutputs} then counts as
     * requested, so that the session leaves their arrays with the caller. And it searches the subgraph of the outputs
     * on every pass, compiling a regular expression for each variable it meets: the first pass's is kept. The two took
     * two thirds of the Java of a pass of 12 narrow layers (width 16, where the ops take almost no time).
     */
    private static final class GradientSession extends InferenceSession {

        private final Map<String, String> variableOfGradient;
        private final List<String> gradientNames;
        private final Set<String> gradientNameSet;
        private final List<String> requested;
        private GradientSink sink;
        private Subgraph searched;

        /** What {@link #initSubgraph} found for a set of outputs. */
        private record Subgraph(Set<String> outputs, Set<String> variables, Set<String> ops, Set<String> zeroInputOps) {
        }

        GradientSession(SameDiff gradients, Map<String, String> variableOfGradient) {
            super(gradients);
            this.variableOfGradient = Map.copyOf(variableOfGradient);
            this.gradientNames = List.copyOf(variableOfGradient.keySet());
            this.gradientNameSet = Set.copyOf(gradientNames);
            this.requested = gradientNames.subList(0, Math.min(1, gradientNames.size()));
        }

        void run(Map<String, INDArray> placeholders, List<Listener> listeners, At at, GradientSink sink) {
            this.sink = sink;
            // the ids SameDiff released in earlier passes: never seen again (ArrayPool), and kept forever otherwise
            freedArrays.clear();
            output(requested, placeholders, null, gradientNames, listeners, at);
        }

        @Override
        protected void initSubgraph(Set<String> outputs) {
            if (searched == null || !searched.outputs.equals(outputs)) {
                super.initSubgraph(outputs);
                searched = new Subgraph(Set.copyOf(outputs), new LinkedHashSet<>(subgraph),
                        new LinkedHashSet<>(subgraphOps), new LinkedHashSet<>(zeroInputOpsInSubgraph));
                return;
            }
            refill(subgraph, searched.variables);
            refill(subgraphOps, searched.ops);
            refill(zeroInputOpsInSubgraph, searched.zeroInputOps);
        }

        private static void refill(Set<String> set, Set<String> found) {
            set.clear();
            set.addAll(found);
        }

        @Override
        public ExecutionResult getOutputs(Pair<SameDiffOp, OpContext> op, FrameIter frame, Set<VarId> inputs,
                Set<VarId> iterationInputs, Set<String> constantAndPlaceholderInputs, List<Listener> listeners, At at,
                MultiDataSet batch, Set<String> required, Map<String, SDValue> otherPlaceholders) {
            ExecutionResult out = super.getOutputs(op, frame, inputs, iterationInputs, constantAndPlaceholderInputs,
                    listeners, at, batch, gradientNameSet, otherPlaceholders);
            List<String> names = op.getFirst().getOutputsOfOp();
            for (int i = 0; i < names.size(); i++) {
                String variable = variableOfGradient.get(names.get(i));
                if (variable != null) {
                    sink.receive(variable, out.resultAt(i));
                }
            }
            return out;
        }
    }
}
