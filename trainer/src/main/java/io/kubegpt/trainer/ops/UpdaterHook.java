package io.kubegpt.trainer.ops;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Takes the gradients out of SameDiff's training iteration. The iteration applies each variable's update as soon
 * as its gradient exists, in the middle of the backward pass, through one {@link GradientUpdater} per variable;
 * here every one of them is replaced by an updater that hands the gradient to a {@link GradientSink} and returns a
 * zero update, so the parameters change only when the optimizer applies its own update.
 */
public final class UpdaterHook {

    /** Receives each trained variable's gradient of a training iteration as soon as the backward pass has it. */
    @FunctionalInterface
    public interface GradientSink {

        /** {@code gradient} is SameDiff's array: read it now, it is zeroed and reused afterwards. */
        void receive(String variable, INDArray gradient);
    }

    private UpdaterHook() {
    }

    /**
     * The trained variables of {@code sd} by name (live arrays), after replacing their updaters with ones that send
     * the gradients to {@code sink}. {@code sd} must have its training configuration.
     */
    public static SortedMap<String, INDArray> install(SameDiff sd, GradientSink sink) {
        initializeTraining(sd);
        Map<String, GradientUpdater> updaters = sd.getUpdaterMap();
        SortedMap<String, INDArray> parameters = new TreeMap<>();
        for (String name : updaters.keySet()) {
            parameters.put(name, sd.getArrForVarName(name));
        }
        IUpdater updaterConfig = sd.getTrainingConfig().getUpdater();
        for (String name : parameters.keySet()) {
            updaters.put(name, new GradientCapture(name, sink, updaterConfig));
        }
        return parameters;
    }

    /** SameDiff builds its per-variable updaters lazily in a protected method; they must exist before they are replaced. */
    private static void initializeTraining(SameDiff sd) {
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

    /** Stands in for the updater SameDiff would run: passes the gradient on and returns a zero update. */
    private static final class GradientCapture implements GradientUpdater<IUpdater> {
        private final String variable;
        private final GradientSink sink;
        private final IUpdater updaterConfig;

        GradientCapture(String variable, GradientSink sink, IUpdater updaterConfig) {
            this.variable = variable;
            this.sink = sink;
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
