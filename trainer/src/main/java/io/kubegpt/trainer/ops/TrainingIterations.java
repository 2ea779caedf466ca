package io.kubegpt.trainer.ops;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.TrainingSession;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@code SameDiff.fit()} runs for each batch, {@code TrainingSession.trainingIteration}, with one session
 * kept for the whole run. fit() builds a new session, and with it a new array cache, on every call, so every
 * step allocated all of its activations and gradients afresh from native memory (page faults, and gigabytes of
 * RSS until the garbage collector released the old ones); a kept session reuses the arrays of its
 * {@link ArrayPool}.
 */
public final class TrainingIterations {

    private final SameDiff sd;
    private final TrainingSession session;
    private final ArrayPool memory = new ArrayPool();
    private final Set<String> parameters = new LinkedHashSet<>();
    private final List<Listener> listeners;

    /** The training configuration and SameDiff's per-variable updaters must already exist. */
    public TrainingIterations(SameDiff sd, Listener... extraListeners) {
        this.sd = sd;
        if (sd.getFunction("grad") == null) {
            createGradFunctionQuietly(sd);
        }
        this.session = new TrainingSession(sd.getFunction("grad"));
        session.setMmgr(memory);
        for (SDVariable variable : sd.variables()) {
            if (variable.getVariableType() == VariableType.VARIABLE) {
                parameters.add(variable.name());
            }
        }
        this.listeners = new ArrayList<>(sd.getListeners());
        this.listeners.addAll(List.of(extraListeners));
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

    /** The forward and backward pass of one batch; the optimizer's updaters receive the gradients. */
    public void run(Map<String, INDArray> placeholders, int iteration) {
        At at = new At(0, iteration, 0, Thread.currentThread().getId(), null, Operation.TRAINING);
        session.trainingIteration(sd.getTrainingConfig(), placeholders, parameters, sd.getUpdaterMap(), null,
                sd.getLossVariables(), listeners, at);
        memory.endIteration();
    }
}
