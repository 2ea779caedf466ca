package io.kubegpt.trainer.cli;

import io.kubegpt.api.trainer.TrainerEnvironment;
import io.kubegpt.api.trainer.TrainerExitCodes;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The line a trainer process ends with when it runs out of memory: which rank, the most heap it could have, what
 * ran out, and what to raise. It ends the termination message, which the operator shows in the job's status. The
 * line without the error's own text is prepared when the process starts, since building one may fail for the same
 * lack of heap.
 */
final class OutOfMemoryReport {

    private final String subject;
    private final String advice;
    private final byte[] prepared;

    private OutOfMemoryReport(String subject, String advice) {
        this.subject = subject;
        this.advice = advice;
        this.prepared = (subject + advice + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
    }

    /** The report of this process: its rank in {@code env}, if any, and its maximum heap. */
    static OutOfMemoryReport of(Map<String, String> env, long maxHeapBytes) {
        String rank = env.get(TrainerEnvironment.RANK);
        return new OutOfMemoryReport("error: " + (rank == null ? "the trainer" : "rank " + rank.trim())
                + " ran out of memory", String.format(Locale.ROOT, " with a maximum Java heap of %d MiB: raise "
                        + "spec.workers.resources.limits.memory (the heap is a share of it) or lower "
                        + "spec.training.batchSize", maxHeapBytes >> 20));
    }

    String message(OutOfMemoryError error) {
        return subject + " (" + (error.getMessage() == null ? "out of memory" : error.getMessage()) + ")" + advice;
    }

    /** Prints the message (or, without the heap to build it, the prepared one) and ends the process at once. */
    void printAndHalt(OutOfMemoryError error, PrintStream err) {
        try {
            err.println(message(error));
        } catch (OutOfMemoryError stillNoRoom) {
            err.write(prepared, 0, prepared.length);
        } finally {
            err.flush();
            Runtime.getRuntime().halt(TrainerExitCodes.OUT_OF_MEMORY);
        }
    }
}
