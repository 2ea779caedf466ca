package io.kubegpt.trainer.session;

import io.kubegpt.trainer.model.TrainableModel;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
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
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.TrainingSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * A model's forward and backward passes through SameDiff's own training session: the only code that reaches into
 * SameDiff's training internals, so the only code a DL4J upgrade changes for training. {@link #run} is what
 * {@code SameDiff.fit()} runs for each batch, {@code TrainingSession.trainingIteration}, with these differences:
 *
 * <ul>
 *   <li>One session is kept for the whole run. fit() builds a new session, and with it a new array cache, on every
 *       call, so every step allocated all of its activations and gradients afresh from native memory (page faults,
 *       and gigabytes of RSS until the garbage collector released the old ones); a kept session reuses the arrays of
 *       its {@link ArrayPool}.
 *   <li>The gradients leave the iteration. SameDiff applies each variable's update as soon as its gradient exists,
 *       in the middle of the backward pass, through one {@link GradientUpdater} per variable; every one of them is
 *       replaced by an updater that hands the gradient to the {@link GradientSink} of the pass and returns a zero
 *       update, so the parameters change only when the optimizer applies its own update.
 *   <li>The loss is read as the pass computes it ({@link LossCapture}): fit() reports 0.
 *   <li>Dropout masks are drawn from the seed given for the pass ({@link RandomOpSeeder}).
 * </ul>
 */
public final class GraphSession {

    /** Receives each trained variable's gradient of a pass as soon as the backward pass has it. */
    @FunctionalInterface
    public interface GradientSink {

        /** {@code gradient} is SameDiff's array: read it now, it is zeroed and reused afterwards. */
        void receive(String variable, INDArray gradient);
    }

    private final TrainableModel model;
    private final SameDiff sd;
    private final SortedMap<String, INDArray> parameters;
    private final Optional<RandomOpSeeder> dropout;
    private final LossCapture loss;
    private final TrainingSession session;
    private final ArrayPool memory = new ArrayPool();
    private final Set<String> variables = new LinkedHashSet<>();
    private final List<Listener> listeners;
    private GradientSink sink;

    /** Sets the graph of {@code model} up for training: its training configuration, updaters and listeners. */
    public GraphSession(TrainableModel model) {
        this.model = model;
        this.sd = model.sameDiff();
        // SameDiff builds one updater per variable from this; they are all replaced below
        sd.setTrainingConfig(TrainingConfig.builder()
                .updater(new Sgd(0))
                .dataSetFeatureMapping(model.featureNames())
                .dataSetLabelMapping(model.labelNames())
                .build());
        this.parameters = Collections.unmodifiableSortedMap(replaceUpdaters());
        this.dropout = RandomOpSeeder.attachTo(sd);
        this.loss = new LossCapture(model.lossTerms());
        if (sd.getFunction("grad") == null) {
            createGradFunctionQuietly(sd);
        }
        this.session = new TrainingSession(sd.getFunction("grad"));
        session.setMmgr(memory);
        for (SDVariable variable : sd.variables()) {
            if (variable.getVariableType() == VariableType.VARIABLE) {
                variables.add(variable.name());
            }
        }
        this.listeners = new ArrayList<>(sd.getListeners());
        listeners.add(loss);
    }

    /** Times every op of the passes from now on. */
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
        this.sink = sink;
        dropout.ifPresent(seeder -> seeder.setSeed(dropoutSeed));
        At at = new At(0, 0, 0, Thread.currentThread().getId(), null, Operation.TRAINING);
        session.trainingIteration(sd.getTrainingConfig(), placeholders, variables, sd.getUpdaterMap(), null,
                sd.getLossVariables(), listeners, at);
        memory.endIteration();
        OptionalDouble seen = loss.take();
        return seen.isPresent() ? seen.getAsDouble() : forwardLoss(placeholders, dropoutSeed);
    }

    /** The loss of the pass just trained, when training skipped an op it is read from: same inputs, same masks. */
    private double forwardLoss(Map<String, INDArray> placeholders, long dropoutSeed) {
        dropout.ifPresent(seeder -> seeder.setSeed(dropoutSeed));
        return sd.output(placeholders, model.lossName()).get(model.lossName()).getDouble(0);
    }

    /** Replaces every variable's updater by one that passes the gradient on; returns the variables by name. */
    private SortedMap<String, INDArray> replaceUpdaters() {
        initializeTraining();
        Map<String, GradientUpdater> updaters = sd.getUpdaterMap();
        SortedMap<String, INDArray> trained = new TreeMap<>();
        for (String name : updaters.keySet()) {
            trained.put(name, sd.getArrForVarName(name));
        }
        IUpdater updaterConfig = sd.getTrainingConfig().getUpdater();
        for (String name : trained.keySet()) {
            updaters.put(name, new GradientCapture(name, updaterConfig));
        }
        return trained;
    }

    /** SameDiff builds its per-variable updaters lazily in a protected method; they must exist before they are replaced. */
    private void initializeTraining() {
        if (sd.isInitializedTraining()) {
            return;
        }
        try {
            Method initialize = SameDiff.class.getDeclaredMethod("initializeTraining");
            initialize.setAccessible(true);
            initialize.invoke(sd);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot initialize SameDiff training", e);
        }
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

    /** Stands in for the updater SameDiff would run: passes the gradient on and returns a zero update. */
    private final class GradientCapture implements GradientUpdater<IUpdater> {
        private final String variable;
        private final IUpdater updaterConfig;

        GradientCapture(String variable, IUpdater updaterConfig) {
            this.variable = variable;
            this.updaterConfig = updaterConfig;
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            sink.receive(variable, gradient);
            gradient.assign(0);
        }

        @Override
        public IUpdater getConfig() {
            return updaterConfig;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of();
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        }
    }
}
