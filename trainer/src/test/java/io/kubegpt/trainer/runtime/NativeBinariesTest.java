package io.kubegpt.trainer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class NativeBinariesTest {

    static final Set<String> AVX2 = Set.of("sse4_2", "avx", "avx2", "fma");
    static final Set<String> AVX512 = Set.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl");

    @Test
    void choosesTheBestBinaryThatIsOnTheClassPathAndThatTheCpuRuns() {
        Set<String> shipped = Set.of("-onednn-avx2");
        assertThat(NativeBinaries.choose(AVX512, shipped::contains)).isEqualTo("-onednn-avx2");
        assertThat(NativeBinaries.choose(AVX2, shipped::contains)).isEqualTo("-onednn-avx2");
        assertThat(NativeBinaries.choose(AVX512, Set.of("-onednn-avx2", "-onednn-avx512")::contains)).isEqualTo("-onednn-avx512");
    }

    @Test
    void plainX8664WithoutAvx2OrWhenNothingElseIsShipped() {
        assertThat(NativeBinaries.choose(Set.of("sse4_2", "avx"), Set.of("-onednn-avx2")::contains)).isEmpty();
        assertThat(NativeBinaries.choose(Set.of("avx2"), Set.of("-onednn-avx2")::contains)).as("AVX2 without FMA").isEmpty();
        assertThat(NativeBinaries.choose(Set.of(), s -> true)).isEmpty();
        assertThat(NativeBinaries.choose(AVX2, s -> false)).isEmpty();
    }

    @Test
    void readsThisMachinesFlags() {
        assertThat(NativeBinaries.cpuFlags()).contains("sse2");
    }
}
