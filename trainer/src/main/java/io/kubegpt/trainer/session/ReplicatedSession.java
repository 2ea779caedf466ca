package io.kubegpt.trainer.session;

import io.kubegpt.trainer.model.TrainableModel;
import io.kubegpt.trainer.ops.fused.Kernels;
import io.kubegpt.trainer.runtime.NativeThreads;
import io.kubegpt.trainer.session.GraphSession.GradientSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A model's forward and backward passes on {@code threads} CPU threads, as that many replicas: each batch's rows are
 * split into equal parts, one {@link GraphSession} per part runs its pass on a thread and a core of its own, every op
 * on 1 thread, and the sink receives the mean of the parts' gradients. Where the model's batches do not split
 * ({@link TrainableModel#splitsByRows}) or the fused kernels do not run (a GPU), or where a batch's rows do not divide
 * evenly, one session runs the whole batch with its ops on all the threads.
 *
 * <p>Why: on a machine whose cores share no cache, every op split between two cores finds half of its input in the
 * other core's cache. At GPT-1's width two replicas ran forward and backward 1.79 times as fast as one thread, the
 * ops split two ways 1.66 times.
 *
 * <p>The weights are shared and only read during the passes; each replica has its own session, array pool and
 * gradients (the model's size once more in memory). Replica 0 runs on the calling thread with the pass's dropout seed,
 * replica r on a helper thread with a seed of its own, so a run with replicas draws other masks than a run without;
 * without dropout both train alike, up to the order of float additions.
 */
public final class ReplicatedSession {

    private final int threads;
    private final List<GraphSession> sessions = new ArrayList<>();
    /** The threads of replicas 1 and up; null with one replica. */
    private final ExecutorService helpers;
    private int lastReplicas;

    /**
     * The passes of {@code model} on {@code threads} threads: replicas where its batches split by rows and the fused
     * kernels run (ND4J's CPU backend; on a GPU one session runs every batch).
     */
    public ReplicatedSession(TrainableModel model, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        int replicas = model.splitsByRows() && Kernels.available() ? threads : 1;
        for (int replica = 0; replica < replicas; replica++) {
            sessions.add(new GraphSession(model));
        }
        this.helpers = replicas == 1 ? null : Executors.newFixedThreadPool(replicas - 1, task -> {
            Thread thread = new Thread(task, "replica");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The trained variables by name (live arrays, shared by the replicas). */
    public SortedMap<String, INDArray> parameters() {
        return sessions.get(0).parameters();
    }

    /** Times the ops of replica 0's passes (see {@link GraphSession#timeOps}); the others run beside them. */
    public OpTimes timeOps() {
        return sessions.get(0).timeOps();
    }

    /** The replicas a batch of these placeholders runs as. */
    public int replicasFor(Map<String, INDArray> placeholders) {
        int replicas = sessions.size();
        boolean splits = placeholders.values().stream()
                .allMatch(array -> array.rank() > 0 && array.size(0) >= replicas && array.size(0) % replicas == 0);
        return splits ? replicas : 1;
    }

    /** The replicas the last batch ran as; 0 before the first. */
    public int lastReplicas() {
        return lastReplicas;
    }

    /**
     * The forward and backward pass of one batch, its dropout masks drawn from {@code dropoutSeed}; every trained
     * variable's gradient (the replicas' mean) goes to {@code sink}. Returns the batch's loss.
     */
    public double run(Map<String, INDArray> placeholders, long dropoutSeed, GradientSink sink) {
        int replicas = replicasFor(placeholders);
        lastReplicas = replicas;
        if (replicas == 1) {
            return sessions.get(0).run(placeholders, dropoutSeed, sink);
        }
        List<Map<String, INDArray>> gradients = new ArrayList<>();
        List<Future<Double>> others = new ArrayList<>();
        NativeThreads.set(1);
        for (int replica = 0; replica < replicas; replica++) {
            Map<String, INDArray> received = new HashMap<>();
            gradients.add(received);
            if (replica > 0) {
                int index = replica;
                Map<String, INDArray> part = rows(placeholders, replica, replicas);
                others.add(helpers.submit(() -> {
                    NativeThreads.runOnOneCore(index);
                    return sessions.get(index).run(part, replicaSeed(dropoutSeed, index), received::put);
                }));
            }
        }
        double loss = 0;
        Throwable failure = null;
        try {
            loss = sessions.get(0).run(rows(placeholders, 0, replicas), dropoutSeed, gradients.get(0)::put);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<Double> other : others) {
            try {
                loss += awaitUninterruptibly(other);
            } catch (ExecutionException e) {
                failure = failure != null ? failure : e.getCause();
            }
        }
        NativeThreads.set(threads);
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        } else if (failure instanceof Error error) {
            throw error;
        } else if (failure != null) {
            throw new IllegalStateException("a replica's pass failed", failure);
        }
        average(gradients, sink);
        return loss / replicas;
    }

    /**
     * Replica 0's gradient arrays become the mean of all, in place (one pass over each other replica's, all parameters
     * at once), and go to the sink in name order.
     */
    private void average(List<Map<String, INDArray>> gradients, GradientSink sink) {
        List<String> names = List.copyOf(parameters().keySet());
        List<INDArray> means = names.stream().map(gradients.get(0)::get).toList();
        int replicas = gradients.size();
        for (int replica = 1; replica < replicas; replica++) {
            Map<String, INDArray> addends = gradients.get(replica);
            double scale = replica == replicas - 1 ? 1.0 / replicas : 1;
            Kernels.addScaled(means, names.stream().map(addends::get).toList(), scale);
        }
        for (int i = 0; i < names.size(); i++) {
            sink.receive(names.get(i), means.get(i));
        }
    }

    /** Rows {@code [part * n / parts, (part + 1) * n / parts)} of every placeholder, as arrays of their own. */
    static Map<String, INDArray> rows(Map<String, INDArray> placeholders, int part, int parts) {
        Map<String, INDArray> rows = new HashMap<>();
        placeholders.forEach((name, array) -> {
            long size = array.size(0) / parts;
            rows.put(name, array.get(NDArrayIndex.interval(part * size, (part + 1) * size)).dup());
        });
        return rows;
    }

    /** Replica r's dropout seed for a pass seeded {@code seed} (the seeder mixes it: nearby seeds are unrelated). */
    private static long replicaSeed(long seed, int replica) {
        return seed + replica * 0xD1B54A32D192ED03L;
    }

    private static double awaitUninterruptibly(Future<Double> future) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
