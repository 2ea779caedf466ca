package io.kubegpt.trainer.distributed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Real Gloo process groups over loopback, one per thread: the collectives are the same as across processes. */
public final class InProcessRanks {

    private static final ExecutorService THREADS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "rank");
        thread.setDaemon(true);
        return thread;
    });

    private InProcessRanks() {
    }

    /** Runs {@code task} on ranks 0 and 1 of one group at once; their results by rank. */
    public static <T> List<T> onTwoRanks(DistributedSettings settings, RankTask<T> task) throws Exception {
        int port = LocalLauncher.freePort();
        List<Future<T>> futures = new ArrayList<>();
        for (int rank = 0; rank < 2; rank++) {
            RankEnvironment env = new RankEnvironment("127.0.0.1", port, 2, rank);
            futures.add(submit(() -> {
                try (GlooRankGroup group = GlooRankGroup.join(env, new JobAttempt("test-job", 0), settings)) {
                    return task.run(group);
                }
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    /** Runs {@code work} on a thread of its own. */
    public static <T> Future<T> submit(Callable<T> work) {
        return THREADS.submit(work);
    }

    @FunctionalInterface
    public interface RankTask<T> {
        T run(RankGroup group) throws Exception;
    }
}
