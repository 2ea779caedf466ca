package io.kubegpt.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceInfoTest {

    @Test
    void flagsSeparatedBySeveralSpacesStillNameTheVectorUnits() {
        // as an AMD EPYC's kernel lists them: a run of spaces where a flag is hidden
        List<String> cpuinfo = List.of("processor\t: 0", "cpu family\t: 25", "model\t\t: 17",
                "model name\t: AMD EPYC", "flags\t\t: fpu vme  sse2  avx2 avx512f   xsave");

        assertThat(DeviceInfo.cpuModel(cpuinfo)).isEqualTo("AMD EPYC (family 25, model 17, AVX-512)");
    }

    @Test
    void noFlagsNamesTheModelAlone() {
        assertThat(DeviceInfo.cpuModel(List.of("model name\t: Some CPU"))).isEqualTo("Some CPU");
    }
}
