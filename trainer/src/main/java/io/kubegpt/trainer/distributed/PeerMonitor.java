package io.kubegpt.trainer.distributed;

import io.kubegpt.trainer.RankFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bytedeco.pytorch.ByteVector;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.StringVector;

/**
 * Finds out which rank is at fault when a collective fails. Gloo says only that a connection closed or an
 * operation timed out, so every rank beats a counter in the rendezvous store each second, and a failing rank
 * leaves its reason there. Asked to diagnose, this names, in order of preference: ranks that left a reason;
 * ranks whose heartbeat stopped (killed, or hung as a whole process); rank 0 when the store it serves is gone.
 * Every store access here is bounded, since the store's own timeout is the long rendezvous one.
 */
final class PeerMonitor implements AutoCloseable {

    private static final String BEAT = "kubegpt/beat/";
    private static final String FAILED = "kubegpt/failed/";
    static final Duration BEAT_INTERVAL = Duration.ofMillis(500);

    private final Store store;
    private final int rank;
    private final int worldSize;
    private final Thread beater;
    private volatile boolean running = true;

    PeerMonitor(Store store, int rank, int worldSize) {
        this.store = store;
        this.rank = rank;
        this.worldSize = worldSize;
        this.beater = new Thread(this::beat, "rank-" + rank + "-heartbeat");
        beater.setDaemon(true);
        beater.start();
    }

    private void beat() {
        while (running) {
            try {
                store.add(BEAT + rank, 1);
                Thread.sleep(BEAT_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                return; // the store (rank 0) is gone; the next collective reports it
            }
        }
    }

    /** Leaves this rank's exit code and failure reason for the others; gives up after a second. */
    void reportFailure(int exitCode, String reason) {
        bounded(() -> {
            store.set(FAILED + rank, new ByteVector(Reported.encode(exitCode, reason).getBytes(StandardCharsets.UTF_8)));
            return null;
        }, Duration.ofSeconds(1));
    }

    /** Describes who failed, for a collective that threw {@code cause}. */
    RankFailure diagnose(String operation, Throwable cause) {
        String base = "rank " + rank + ": " + operation + " failed (" + firstLine(cause) + ")";
        try {
            RankFailure found = bounded(() -> diagnoseFromStore(base, cause), Duration.ofSeconds(8));
            if (found != null) {
                return found;
            }
        } catch (RuntimeException storeGone) {
            if (rank != 0) {
                return new RankFailure(List.of(0), base + ": rank 0 failed (its rendezvous store stopped answering)", cause);
            }
        }
        return new RankFailure(List.of(), base + ": no rank left a reason and all heartbeats continue", cause);
    }

    private RankFailure diagnoseFromStore(String base, Throwable cause) throws InterruptedException {
        // A rank that fails on its own posts its reason within a moment; give it that moment.
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        List<Integer> stopped = new ArrayList<>();
        long[] before = beats();
        do {
            List<Integer> reported = new ArrayList<>();
            List<Integer> codes = new ArrayList<>();
            StringBuilder reasons = new StringBuilder();
            for (int peer = 0; peer < worldSize; peer++) {
                if (peer != rank && store.check(new StringVector(FAILED + peer))) {
                    Reported failure = Reported.decode(new String(store.get(FAILED + peer).get(), StandardCharsets.UTF_8));
                    reported.add(peer);
                    codes.add(failure.exitCode());
                    reasons.append("; rank ").append(peer).append(" failed: ").append(failure.reason());
                }
            }
            if (!reported.isEmpty()) {
                return RankFailure.reported(reported, base + reasons, cause, codes);
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        long[] after = beats();
        for (int peer = 0; peer < worldSize; peer++) {
            if (peer != rank && after[peer] == before[peer]) {
                stopped.add(peer);
            }
        }
        if (!stopped.isEmpty()) {
            StringBuilder names = new StringBuilder();
            for (int peer : stopped) {
                names.append(names.isEmpty() ? "" : ", ").append(peer);
            }
            return new RankFailure(stopped, base + ": rank" + (stopped.size() > 1 ? "s " : " ") + names
                    + " stopped responding (process dead or hung)", cause);
        }
        return null;
    }

    private long[] beats() {
        long[] beats = new long[worldSize];
        for (int peer = 0; peer < worldSize; peer++) {
            beats[peer] = store.add(BEAT + peer, 0);
        }
        return beats;
    }

    @Override
    public void close() {
        running = false;
        beater.interrupt();
        try {
            beater.join(BEAT_INTERVAL.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface StoreAction<T> {
        T run() throws Exception;
    }

    private static <T> T bounded(StoreAction<T> action, Duration limit) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                future.complete(action.run());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, "rank-store-query");
        worker.setDaemon(true);
        worker.start();
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the rendezvous store did not answer within " + limit.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
