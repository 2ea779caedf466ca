package io.kubegpt.trainer.stop;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGTERM (what Kubernetes sends to suspend, preempt or drain, a grace period before SIGKILL) and SIGINT into a
 * request instead of the JVM's immediate exit. A signal the process was started to ignore stays ignored.
 */
public final class StopSignals {

    private StopSignals() {
    }

    /**
     * Calls {@code onRequest} with the signal's name for the first SIGTERM or SIGINT. With {@code escalate}, a second
     * one does what it did before (the JVM exits at once); without, every one is passed on, to a handler for which
     * a repeat is harmless.
     */
    public static void install(Consumer<String> onRequest, boolean escalate) {
        AtomicBoolean signalled = new AtomicBoolean();
        for (String name : List.of("TERM", "INT")) {
            Signal signal = new Signal(name);
            SignalHandler[] previous = new SignalHandler[1];
            try {
                previous[0] = Signal.handle(signal, received -> {
                    if (signalled.getAndSet(true) && escalate) {
                        exitAsBefore(previous[0], received);
                    } else {
                        onRequest.accept("SIG" + received.getName());
                    }
                });
                if (previous[0] == SignalHandler.SIG_IGN) {
                    Signal.handle(signal, SignalHandler.SIG_IGN);
                }
            } catch (IllegalArgumentException reservedByTheJvm) {
                // started with -Xrs: the signal keeps its default action
            }
        }
    }

    private static void exitAsBefore(SignalHandler previous, Signal signal) {
        if (previous == null || previous == SignalHandler.SIG_DFL) {
            // what the JVM's own handler does: the shutdown hooks run, the exit code says which signal
            System.exit(128 + signal.getNumber());
        }
        previous.handle(signal);
    }
}
