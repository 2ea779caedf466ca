package io.kubegpt.trainer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A thread count reaches OpenMP, whose team runs oneDNN's matrix products, not only ND4J's own setting; its threads
 * stay on cores of their own only where they take all the process's cores alone.
 */
class NativeThreadsTest {

    @Test
    void theThreadCountReachesOpenMp() {
        int before = Nd4j.getEnvironment().maxMasterThreads();
        try {
            NativeThreads.set(1);
            assertThat(NativeThreads.openMpThreads()).isEqualTo(1);
            NativeThreads.set(2);
            assertThat(NativeThreads.openMpThreads()).isEqualTo(2);
        } finally {
            NativeThreads.set(before);
        }
    }

    @Test
    void threadsAreBoundToCoresOnlyWhereTheyTakeEveryCoreOfTheProcessAndTheUserPlacedNone() {
        assertThat(NativeThreads.bindsToCores(2, 2, Map.of())).isTrue();
        assertThat(NativeThreads.bindsToCores(8, 8, Map.of("WORLD_SIZE", "1"))).isTrue();
        assertThat(NativeThreads.bindsToCores(2, 4, Map.of())).as("cores left to others").isFalse();
        assertThat(NativeThreads.bindsToCores(1, 1, Map.of())).as("one thread").isFalse();
        assertThat(NativeThreads.bindsToCores(2, 0, Map.of())).as("mask unknown").isFalse();
        assertThat(NativeThreads.bindsToCores(2, 2, Map.of("WORLD_SIZE", "2"))).as("a rank of several").isFalse();
        for (String placement : NativeThreads.PLACEMENT) {
            assertThat(NativeThreads.bindsToCores(2, 2, Map.of(placement, "false"))).as(placement).isFalse();
        }
    }

    @Test
    void aCpuListNamesEveryCpuOfItsRanges() {
        assertThat(NativeThreads.cpus("0")).containsExactly(0);
        assertThat(NativeThreads.cpus("0-1")).containsExactly(0, 1);
        assertThat(NativeThreads.cpus("0-3,8,10-11")).containsExactly(0, 1, 2, 3, 8, 10, 11);
        // the JVM counts the same mask, then lowers the count to a container's CPU quota
        assertThat(NativeThreads.allowedCpus()).isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
