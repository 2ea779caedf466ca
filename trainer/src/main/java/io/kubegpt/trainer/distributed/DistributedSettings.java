package io.kubegpt.trainer.distributed;

import java.time.Duration;

/**
 * Knobs of data-parallel training.
 *
 * @param collectiveTimeout how long any collective may wait for the other ranks before this rank gives up and
 *     exits: bounds how long a dead or hung rank can stall the others' compute. Work rank 0 does alone (preparing
 *     the data, writing a checkpoint) is waited for in rank 0's store instead, up to the rendezvous timeout.
 * @param rendezvousTimeout how long ranks wait for each other to start, and for rank 0 to prepare the data or write
 *     a checkpoint
 * @param hashEvery compare a hash of all parameters across ranks every this many steps (0: only at the end)
 * @param bucketBytes the largest flat gradient range reduced by one collective call
 */
public record DistributedSettings(Duration collectiveTimeout, Duration rendezvousTimeout, int hashEvery,
                                  long bucketBytes) {

    public static final Duration DEFAULT_COLLECTIVE_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_RENDEZVOUS_TIMEOUT = Duration.ofMinutes(30);
    public static final int DEFAULT_HASH_EVERY = 100;
    /** PyTorch DDP's default bucket size. */
    public static final long DEFAULT_BUCKET_BYTES = 25L << 20;

    public DistributedSettings {
        if (collectiveTimeout.isNegative() || collectiveTimeout.isZero()) {
            throw new IllegalArgumentException("collective timeout must be positive");
        }
        if (rendezvousTimeout.isNegative() || rendezvousTimeout.isZero()) {
            throw new IllegalArgumentException("rendezvous timeout must be positive");
        }
        if (hashEvery < 0) {
            throw new IllegalArgumentException("hashEvery must be >= 0");
        }
        if (bucketBytes < 1) {
            throw new IllegalArgumentException("bucketBytes must be positive");
        }
    }

    public static DistributedSettings defaults() {
        return new DistributedSettings(DEFAULT_COLLECTIVE_TIMEOUT, DEFAULT_RENDEZVOUS_TIMEOUT, DEFAULT_HASH_EVERY,
                DEFAULT_BUCKET_BYTES);
    }

    public DistributedSettings withCollectiveTimeout(Duration timeout) {
        return new DistributedSettings(timeout, rendezvousTimeout, hashEvery, bucketBytes);
    }

    public DistributedSettings withHashEvery(int steps) {
        return new DistributedSettings(collectiveTimeout, rendezvousTimeout, steps, bucketBytes);
    }

    public DistributedSettings withBucketBytes(long bytes) {
        return new DistributedSettings(collectiveTimeout, rendezvousTimeout, hashEvery, bytes);
    }
}
