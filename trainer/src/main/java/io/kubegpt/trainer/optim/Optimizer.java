package io.kubegpt.trainer.optim;

import io.kubegpt.trainer.TrainingDivergedException;
import io.kubegpt.trainer.ops.fused.Kernels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * AdamW over named arrays: Adam with decoupled weight decay, global-norm clipping, gradient accumulation and a
 * data-parallel seam. It knows the parameters only as arrays by name and the gradients only as what
 * {@link #accumulate} receives, whatever computes them.
 *
 * <p>Clipping by the global norm, accumulating k micro-batches and all-reducing all need every gradient of a step
 * first, so {@link #accumulate} only adds a micro-batch gradient to its parameter's sum. The sums live in one flat
 * {@link GradientBuffer} (each parameter's sum a view into it); when a parameter's last micro-batch of the step is in,
 * the {@link GradientReducer} hears of it, so that a data-parallel reducer can start averaging it across ranks while
 * the backward pass goes on. A single process that takes one micro-batch a step needs no sum: the optimizer keeps
 * the gradient arrays it is handed, which stay valid until the next pass, and no buffer is allocated (a copy of
 * every gradient each step, and the model's size in memory, saved). {@link #step(int)} lets the reducer finish,
 * averages the sums over their micro-batches, clips by the global norm, and per parameter in name order runs ND4J's
 * Adam on it, adds {@code lr * weightDecay * param} for weights (not biases or LayerNorm gains, told apart by name),
 * and subtracts the update from the parameter. Where the fused kernels run, one AdamW kernel makes that same update
 * for every parameter in one pass.
 */
public final class Optimizer {

    private final OptimizerConfig config;
    private final GradientReducer reducer;
    private final SortedMap<String, Slot> slots = new TreeMap<>();
    /** Null where the gradients handed to {@link #accumulate} are kept as they are. */
    private final GradientBuffer gradients;
    private double lastGradientNorm;

    /** An optimizer of {@code parameters} (live arrays, updated in place). */
    public Optimizer(SortedMap<String, INDArray> parameters, OptimizerConfig config, GradientReducer reducer) {
        this.config = config;
        this.reducer = reducer;
        Adam adam = Adam.builder().learningRateSchedule(config.schedule())
                .beta1(config.beta1()).beta2(config.beta2()).epsilon(config.epsilon()).build();
        boolean keepsHandedGradients = reducer == GradientReducer.LOCAL && config.accumulationSteps() == 1;
        this.gradients = keepsHandedGradients ? null : new GradientBuffer(parameters);
        int index = 0;
        for (var entry : parameters.entrySet()) {
            Slot slot = new Slot(index, entry.getKey(), entry.getValue(), gradients == null ? null : gradients.view(index),
                    adam);
            index++;
            slots.put(slot.name, slot);
        }
    }

    /** Weight decay applies to every parameter except biases and FusedLayerNorm gains. */
    public static boolean decays(String parameterName) {
        return !(parameterName.endsWith("_bias") || parameterName.endsWith("_gain"));
    }

    /**
     * Adds a micro-batch gradient of parameter {@code name} to its sum. Without a sum to add to (one micro-batch, one
     * process) the optimizer keeps {@code gradient} itself, which must then stay unchanged until {@link #step}.
     */
    public void accumulate(String name, INDArray gradient) {
        Slot slot = slots.get(name);
        slot.accumulate(gradient);
        if (gradients != null && slot.microBatches == config.accumulationSteps()) {
            reducer.segmentComplete(gradients, slot.index);
        }
    }

    /** Applies one optimizer update from the gradients accumulated since the last step; returns the learning rate. */
    public double step(int step) {
        int microBatches = -1;
        for (Slot slot : slots.values()) {
            if (slot.microBatches == 0) {
                throw new IllegalStateException("no gradient for " + slot.name + " since the last step");
            }
            if (microBatches >= 0 && slot.microBatches != microBatches) {
                throw new IllegalStateException(slot.name + " has " + slot.microBatches + " micro-batch gradients, others "
                        + microBatches);
            }
            microBatches = slot.microBatches;
        }
        if (gradients != null) {
            reducer.reduce(gradients);
            if (microBatches > 1) {
                gradients.flat().divi(microBatches);
            }
        }
        List<INDArray> stepGradients = slots.values().stream().map(slot -> slot.gradient).toList();
        lastGradientNorm = norm(stepGradients);
        if (!Double.isFinite(lastGradientNorm)) {
            throw new TrainingDivergedException(step, lastGradientNorm);
        }
        if (config.clipNorm() > 0 && lastGradientNorm > config.clipNorm()) {
            double scale = config.clipNorm() / lastGradientNorm;
            stepGradients.forEach(gradient -> gradient.muli(scale));
        }
        double lr = config.schedule().valueAt(step);
        if (Kernels.available()) {
            applyFused(step, lr, stepGradients);
        } else {
            for (Slot slot : slots.values()) {
                slot.apply(step, lr * config.weightDecay());
            }
        }
        return lr;
    }

    private static double norm(List<INDArray> arrays) {
        if (Kernels.available()) {
            return Kernels.norm2(arrays);
        }
        double sum = 0;
        for (INDArray array : arrays) {
            double norm = array.norm2Number().doubleValue();
            sum += norm * norm;
        }
        return Math.sqrt(sum);
    }

    /** The update {@link Slot#apply} makes, for every parameter in one pass over parameters, gradients and moments. */
    private void applyFused(int step, double lr, List<INDArray> stepGradients) {
        List<INDArray> parameters = new ArrayList<>(slots.size());
        List<INDArray> states = new ArrayList<>(slots.size());
        double[] decays = new double[slots.size()];
        for (Slot slot : slots.values()) {
            decays[parameters.size()] = slot.decays ? lr * config.weightDecay() : 0;
            parameters.add(slot.parameter);
            states.add(slot.adamState);
            slot.microBatches = 0;
        }
        // Adam's bias correction folded into the step size, as ND4J's updater does it
        double alpha = lr * Math.sqrt(1 - Math.pow(config.beta2(), step + 1)) / (1 - Math.pow(config.beta1(), step + 1));
        Kernels.adamwStep(parameters, stepGradients, states, decays, config.beta1(), config.beta2(), config.epsilon(), alpha);
    }

    /** The global gradient norm (after averaging and reduction, before clipping) of the last step. */
    public double lastGradientNorm() {
        return lastGradientNorm;
    }

    public double learningRate(int step) {
        return config.schedule().valueAt(step);
    }

    public OptimizerConfig config() {
        return config;
    }

    /** The gradient sums accumulated since the last step (or the gradients kept), by parameter name (live arrays). */
    public SortedMap<String, INDArray> accumulatedGradients() {
        SortedMap<String, INDArray> gradients = new TreeMap<>();
        slots.forEach((name, slot) -> gradients.put(name, slot.gradient));
        return Collections.unmodifiableSortedMap(gradients);
    }

    /** Adam's moment estimates by parameter name (live arrays), for checkpoints. */
    public SortedMap<String, INDArray> state() {
        SortedMap<String, INDArray> state = new TreeMap<>();
        slots.forEach((name, slot) -> state.put(name, slot.adamState));
        return state;
    }

    public void loadState(Map<String, INDArray> saved) {
        NamedArrays.assign(state(), saved);
    }

    private static final class Slot {
        final int index;
        final String name;
        final INDArray parameter;
        /** The view of the flat buffer that holds this parameter's sum; null where gradients are kept as handed. */
        final INDArray sum;
        final INDArray adamState;
        final GradientUpdater<?> adam;
        final boolean decays;
        /** This step's gradient: the sum, or the array handed in. */
        INDArray gradient;
        int microBatches;

        Slot(int index, String name, INDArray parameter, INDArray sum, Adam config) {
            this.index = index;
            this.name = name;
            this.parameter = parameter;
            this.sum = sum;
            this.gradient = sum;
            this.adamState = Nd4j.zeros(parameter.dataType(), 1, config.stateSize(parameter.length()));
            this.adam = config.instantiate(adamState, true);
            adam.setStateViewArray(adamState, parameter.shape(), parameter.ordering(), true);
            this.decays = decays(name);
        }

        void accumulate(INDArray microBatchGradient) {
            if (sum == null) {
                gradient = microBatchGradient;
            } else if (microBatches == 0) {
                sum.assign(microBatchGradient);
            } else {
                sum.addi(microBatchGradient);
            }
            microBatches++;
        }

        /** Turns the gradient into the update in place with ND4J's Adam and applies it. */
        void apply(int step, double decayRate) {
            adam.applyUpdater(gradient, step, 0);
            if (decays && decayRate > 0) {
                Nd4j.getBlasWrapper().level1().axpy(parameter.length(), decayRate, parameter, gradient);
            }
            parameter.subi(gradient);
            microBatches = 0;
        }
    }
}
