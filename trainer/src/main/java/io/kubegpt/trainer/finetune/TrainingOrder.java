package io.kubegpt.trainer.finetune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which training examples each step of a fine-tune trains on. An epoch takes the examples in an order shuffled from
 * the run's seed and the epoch alone, so a run resumed mid-epoch sees the same order, and cuts it into batches of
 * {@code batchSize}; each step's batch is cut into {@code slices} micro-batches of near-equal size (a data-parallel
 * run deals them out to its ranks). A short last batch of an epoch too small to give every slice an example is left
 * out of that epoch.
 */
final class TrainingOrder {

    private final List<FinetuneDataset.Item> items;
    private final int batchSize;
    private final int slices;
    private final long seed;
    private final long stepsPerEpoch;
    private long epoch = -1;
    private List<FinetuneDataset.Item> order;

    /** {@code batchSize} must be at least {@code slices}. */
    TrainingOrder(List<FinetuneDataset.Item> items, int batchSize, int slices, long seed) {
        this.items = items;
        this.batchSize = batchSize;
        this.slices = slices;
        this.seed = seed;
        int rest = items.size() % batchSize;
        this.stepsPerEpoch = items.size() / batchSize + (rest >= slices ? 1 : 0);
    }

    /** 0 when there are fewer examples than slices. */
    long stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** The examples of the smallest slice of a full batch: what a rank trains on at once. */
    int microBatch() {
        return batchSize / slices;
    }

    /** The examples of {@code step}'s batch. */
    List<FinetuneDataset.Item> batch(long step) {
        long inEpoch = step % stepsPerEpoch;
        if (step / stepsPerEpoch != epoch) {
            epoch = step / stepsPerEpoch;
            order = new ArrayList<>(items);
            Collections.shuffle(order, new Random(seed * 31 + epoch));
        }
        int from = Math.toIntExact(inEpoch * batchSize);
        return order.subList(from, Math.min(order.size(), from + batchSize));
    }

    /** Slice {@code index} (of {@code slices}) of {@code step}'s batch. */
    List<FinetuneDataset.Item> slice(long step, int index) {
        List<FinetuneDataset.Item> batch = batch(step);
        int n = batch.size();
        return batch.subList(n * index / slices, n * (index + 1) / slices);
    }
}
