package io.kubegpt.trainer.train;

import io.kubegpt.trainer.model.BatchSource;

/** A batch source over a short token cycle; window starts depend only on (seed, step, micro-batch). */
public record RepeatingText(int[] cycle, int context, int batch, long seed) implements BatchSource {

    @Override
    public int[][] windows(long step, int microBatch) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed * 1_000_003 + step * 31 + microBatch);
        int[][] windows = new int[batch][context + 1];
        for (int[] window : windows) {
            int start = random.nextInt(cycle.length);
            for (int i = 0; i < window.length; i++) {
                window[i] = cycle[(start + i) % cycle.length];
            }
        }
        return windows;
    }
}
