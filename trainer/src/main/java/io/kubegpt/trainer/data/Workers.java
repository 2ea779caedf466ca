package io.kubegpt.trainer.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fixed pool for the preparation's CPU work with a bounded number of tasks in flight ({@code 2 x threads}), so a
 * reader that is faster than the workers waits instead of queueing the corpus in memory. Results can be taken back
 * in submission order. Used from one thread.
 */
final class Workers implements AutoCloseable {

    private final ExecutorService pool;
    private final int limit;
    private final Deque<Future<?>> inFlight = new ArrayDeque<>();

    Workers(int threads) {
        pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "prepare");
            thread.setDaemon(true);
            return thread;
        });
        limit = 2 * threads;
    }

    /** Runs {@code task}, waiting first while the limit is reached; its failure surfaces here or in {@link #awaitAll}. */
    void run(Runnable task) {
        while (inFlight.size() >= limit) {
            result(inFlight.removeFirst());
        }
        inFlight.addLast(pool.submit(task));
    }

    /**
     * Submits {@code task}; when the limit is reached, first hands the oldest result to {@code done} (results
     * arrive in submission order).
     */
    <T> void submit(Callable<T> task, ResultConsumer<T> done) throws IOException {
        while (inFlight.size() >= limit) {
            drainOne(done);
        }
        inFlight.addLast(pool.submit(task));
    }

    /** Hands every outstanding result to {@code done}, in submission order. */
    <T> void drain(ResultConsumer<T> done) throws IOException {
        while (!inFlight.isEmpty()) {
            drainOne(done);
        }
    }

    void awaitAll() {
        while (!inFlight.isEmpty()) {
            result(inFlight.removeFirst());
        }
    }

    @SuppressWarnings("unchecked")
    private <T> void drainOne(ResultConsumer<T> done) throws IOException {
        done.accept((T) result(inFlight.removeFirst()));
    }

    private static Object result(Future<?> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("preparation interrupted"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    interface ResultConsumer<T> {
        void accept(T result) throws IOException;
    }
}
