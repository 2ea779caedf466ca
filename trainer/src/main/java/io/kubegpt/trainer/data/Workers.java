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
 * reader that is faster than the workers waits instead of queueing the corpus in memory. The tasks' results go to
 * one consumer in submission order. Used from one thread.
 */
final class Workers<T> implements AutoCloseable {

    /** Takes the tasks' results, in the order the tasks were submitted. */
    interface ResultConsumer<T> {
        void accept(T result) throws IOException;
    }

    private final ExecutorService pool;
    private final int limit;
    private final ResultConsumer<T> done;
    private final Deque<Future<T>> inFlight = new ArrayDeque<>();

    Workers(int threads, ResultConsumer<T> done) {
        pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "prepare");
            thread.setDaemon(true);
            return thread;
        });
        limit = 2 * threads;
        this.done = done;
    }

    /** Submits {@code task}; when the limit is reached, first hands the oldest result on. */
    void submit(Callable<T> task) throws IOException {
        while (inFlight.size() >= limit) {
            done.accept(result(inFlight.removeFirst()));
        }
        inFlight.addLast(pool.submit(task));
    }

    /** Hands every outstanding result on; a task's failure surfaces here or in {@link #submit}. */
    void drain() throws IOException {
        while (!inFlight.isEmpty()) {
            done.accept(result(inFlight.removeFirst()));
        }
    }

    private static <T> T result(Future<T> future) {
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
}
