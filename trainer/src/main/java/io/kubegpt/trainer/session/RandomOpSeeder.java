package io.kubegpt.trainer.session;

import java.util.Optional;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.random.custom.RandomBernoulli;

/**
 * Seeds every Bernoulli (dropout mask) op of a graph from a seed before it executes.
 *
 * <p>SameDiff gives each op a native context with its own random generator, seeded once and never from
 * {@code Nd4j.getRandom()}; left alone, a dropout op draws from wherever its generator stopped, which a
 * resumed run cannot reproduce. Here each op's generator is set from (seed, op name, executions since the
 * seed was set), so the masks of a pass depend only on the seed given for it.
 *
 * <p>A graph has one seeder, and the seed belongs to the thread that sets it: sessions that run passes of one graph
 * side by side, each on its own thread, each draw their masks from their own seed.
 */
public final class RandomOpSeeder extends BaseListener {

    /** Per thread: the seed, and the masks drawn since it was set. */
    private final ThreadLocal<long[]> state = ThreadLocal.withInitial(() -> new long[2]);

    private RandomOpSeeder() {
    }

    /**
     * The seeder listening to {@code sd} (attached on the first call) when the graph holds a dropout mask anywhere
     * (model or head), else empty.
     */
    public static synchronized Optional<RandomOpSeeder> attachTo(SameDiff sd) {
        Optional<RandomOpSeeder> attached = sd.getListeners().stream().filter(RandomOpSeeder.class::isInstance)
                .map(RandomOpSeeder.class::cast).findFirst();
        if (attached.isPresent()) {
            return attached;
        }
        boolean random = sd.getOps().values().stream().anyMatch(op -> op.getOp() instanceof RandomBernoulli);
        if (!random) {
            return Optional.empty();
        }
        RandomOpSeeder seeder = new RandomOpSeeder();
        sd.addListeners(seeder);
        return Optional.of(seeder);
    }

    /** The masks of the calling thread's next pass are drawn from {@code seed}. */
    public void setSeed(long seed) {
        long[] current = state.get();
        current[0] = seed;
        current[1] = 0;
    }

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        if (op.getOp() instanceof RandomBernoulli) {
            long[] current = state.get();
            opContext.setRngStates(mix(current[0]), mix(op.getName().hashCode() * 0x9E3779B97F4A7C15L + current[1]++));
        }
    }

    /** SplitMix64's finaliser: nearby seeds give unrelated states. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
