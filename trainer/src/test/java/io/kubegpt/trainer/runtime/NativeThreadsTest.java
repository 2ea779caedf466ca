package io.kubegpt.trainer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** A thread count reaches OpenMP, whose team runs oneDNN's matrix products, not only ND4J's own setting. */
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
}
