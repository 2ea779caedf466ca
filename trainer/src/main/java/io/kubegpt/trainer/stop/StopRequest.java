package io.kubegpt.trainer.stop;

import io.kubegpt.api.trainer.TrainerExitCodes;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request to stop this trainer process, made by a signal ({@link StopSignals}). Until a training loop
 * {@link #deferToStepBoundary() defers} it, a request ends the process at once with exit code
 * {@link TrainerExitCodes#STOPPED}: before training nothing is at stake, since data preparation writes each file
 * through a temporary one and a rename ({@code meta.json}, which makes a prepared folder complete, last) and the
 * checkpoint a run resumes from is already on disk. From then on the request waits for the loop to ask at the end
 * of a step.
 */
public final class StopRequest {

    private final PrintStream console;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final List<Runnable> beforeExit = new CopyOnWriteArrayList<>();
    private volatile boolean deferred;

    public StopRequest(PrintStream console) {
        this.console = console;
    }

    /**
     * A request that SIGTERM and SIGINT make. With {@code secondSignalExits} a second signal ends the process at
     * once; without (a rank a {@code --local} launcher started, which passes its own signals on and escalates
     * itself), every signal only requests the stop.
     */
    public static StopRequest onSignals(boolean secondSignalExits) {
        StopRequest request = new StopRequest(System.err);
        StopSignals.install(request::request, secondSignalExits);
        return request;
    }

    /** A request nothing makes: a run inside another program, such as a test. */
    public static StopRequest none() {
        return new StopRequest(System.err);
    }

    /** Requests the stop ({@code cause} names who asked); before {@link #deferToStepBoundary()} the process exits. */
    public void request(String cause) {
        if (requested.getAndSet(true)) {
            return;
        }
        if (deferred) {
            console.println("stop requested (" + cause + "): stopping at the end of this step, after its checkpoint");
            return;
        }
        console.println("stopped on request (" + cause + ") before training began: nothing to save; a rerun starts "
                + "where this one would have");
        beforeExit.forEach(Runnable::run);
        System.exit(TrainerExitCodes.STOPPED);
    }

    /** Whether a stop has been requested. */
    public boolean requested() {
        return requested.get();
    }

    /** From now on a request waits for the training loop, which asks at the end of every step. */
    public void deferToStepBoundary() {
        deferred = true;
    }

    /** Runs {@code action} (which must be quick) before a request ends the process at once. */
    public void beforeExit(Runnable action) {
        beforeExit.add(action);
    }
}
