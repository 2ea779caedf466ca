package io.kubegpt.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubegpt.api.v1alpha1.GPTPretrainSpec;
import io.kubegpt.operator.testing.Jobs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecChangesTest {

    final GPTPretrainSpec accepted = Jobs.tiny("gpt").getSpec();
    final String acceptedJson = Serialization.asJson(accepted);

    @Test
    void anUnchangedSpecHasNoIgnoredFields() {
        assertThat(SpecChanges.ignored(acceptedJson, Jobs.tiny("gpt").getSpec())).isEmpty();
    }

    @Test
    void aFieldANewerOperatorDefaultsIsNoChange() {
        ObjectNode olderSpec = Serialization.jsonMapper().valueToTree(accepted);
        olderSpec.remove("startTimeoutSeconds");
        ((ObjectNode) olderSpec.get("workers")).remove("terminationGracePeriodSeconds");

        assertThat(SpecChanges.ignored(olderSpec.toString(), Jobs.tiny("gpt").getSpec())).isEmpty();
    }

    @Test
    void suspendIsApplied() {
        assertThat(SpecChanges.ignored(acceptedJson,
                Jobs.with(Jobs.tiny("gpt"), Map.of("suspend", true)).getSpec())).isEmpty();
    }

    @Test
    void otherChangesAreNamedByTheirPath() {
        GPTPretrainSpec changed = Jobs.with(Jobs.tiny("gpt"), Map.of("training.steps", 400, "suspend", true,
                "workers.nodeSelector", Map.of("pool", "gpu"))).getSpec();

        assertThat(SpecChanges.ignored(acceptedJson, changed))
                .containsExactly("spec.training.steps", "spec.workers.nodeSelector");
    }
}
