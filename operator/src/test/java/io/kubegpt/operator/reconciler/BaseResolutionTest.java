package io.kubegpt.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.api.v1alpha1.BaseCheckpoint;
import io.kubegpt.api.v1alpha1.CheckpointRecord;
import io.kubegpt.api.v1alpha1.Checkpoints;
import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.dependent.BaseModel;
import io.kubegpt.operator.status.Conditions;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.TestSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BaseResolutionTest {

    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    static GPTFinetune finetune() {
        GPTFinetune job = Jobs.classification("ft", "tiny");
        job.getMetadata().setNamespace("ml");
        job.getMetadata().setCreationTimestamp(CREATED.toString());
        return job;
    }

    static GPTPretrain base(Phase phase, long... checkpointSteps) {
        GPTPretrain base = Jobs.tiny("tiny");
        base.getMetadata().setNamespace("ml");
        GPTJobStatus status = new GPTJobStatus();
        status.setPhase(phase);
        status.setMessage("worker-0 exited with code 1");
        if (checkpointSteps.length > 0) {
            Checkpoints checkpoints = new Checkpoints();
            List<CheckpointRecord> kept = java.util.Arrays.stream(checkpointSteps).mapToObj(step ->
                    new CheckpointRecord(step, String.format("/checkpoints/tiny/checkpoints/step-%08d", step), 2.0,
                            CREATED.toString())).toList();
            checkpoints.setKept(kept);
            checkpoints.setLatest(kept.get(kept.size() - 1));
            status.setCheckpoints(checkpoints);
        }
        base.setStatus(status);
        return base;
    }

    static Readiness resolve(GPTFinetune job, GPTPretrain base, Instant now) {
        return BaseResolution.of(job, Optional.ofNullable(base), TestSettings.DEFAULT, now);
    }

    @Test
    void theFinalCheckpointWaitsForSuccess() {
        assertThat(resolve(finetune(), base(Phase.Running, 10, 20), CREATED)).isInstanceOfSatisfying(
                Readiness.Waiting.class, waiting -> {
                    assertThat(waiting.reason()).isEqualTo(BaseResolution.BASE_TRAINING);
                    assertThat(waiting.message()).contains("tiny", "spec.base.pretrain");
                    assertThat(waiting.recheck()).isNull();
                });
        assertThat(resolve(finetune(), base(Phase.Succeeded, 10, 20), CREATED)).isEqualTo(new Readiness.Ready(
                new BaseModel("tiny-checkpoints", "/base/tiny/checkpoints/step-00000020",
                        "GPTPretrain tiny, checkpoint of step 20")));
    }

    @Test
    void theLatestCheckpointNeedsOnlyOne() {
        GPTFinetune job = finetune();
        job.getSpec().getBase().setCheckpoint(BaseCheckpoint.LATEST);
        assertThat(resolve(job, base(Phase.Running), CREATED)).isInstanceOf(Readiness.Waiting.class);
        assertThat(resolve(job, base(Phase.Running, 10), CREATED)).isInstanceOfSatisfying(Readiness.Ready.class,
                ready -> assertThat(ready.base().folder()).isEqualTo("/base/tiny/checkpoints/step-00000010"));
    }

    @Test
    void aStepWaitsUntilReachedAndFailsWhenNotKept() {
        GPTFinetune job = finetune();
        job.getSpec().getBase().setStep(20L);
        assertThat(resolve(job, base(Phase.Running, 10), CREATED)).isInstanceOf(Readiness.Waiting.class);
        assertThat(resolve(job, base(Phase.Running, 10, 20, 30), CREATED)).isInstanceOfSatisfying(
                Readiness.Ready.class, ready -> assertThat(ready.base().folder())
                        .isEqualTo("/base/tiny/checkpoints/step-00000020"));
        assertThat(resolve(job, base(Phase.Running, 30, 40), CREATED)).isInstanceOfSatisfying(
                Readiness.Unavailable.class, unavailable -> assertThat(unavailable.message())
                        .contains("spec.base.step", "20", "30, 40"));
        assertThat(resolve(job, base(Phase.Succeeded, 10), CREATED)).isInstanceOf(Readiness.Unavailable.class);
    }

    @Test
    void moreLayersThanTheBaseHasIsAnInvalidSpecWhateverTheBasesPhase() {
        GPTFinetune job = finetune();
        job.getSpec().getBase().setLayers(3);
        assertThat(resolve(job, base(Phase.Running, 10), CREATED)).isInstanceOfSatisfying(
                Readiness.Unavailable.class, unavailable -> {
                    assertThat(unavailable.reason()).isEqualTo(Conditions.INVALID_SPEC);
                    assertThat(unavailable.message()).isEqualTo("spec.base.layers: GPTPretrain tiny has 2 layers: "
                            + "transfer 0 (the embeddings alone) to 2, not 3");
                });
        job.getSpec().getBase().setLayers(2);
        assertThat(resolve(job, base(Phase.Succeeded, 10), CREATED)).isInstanceOf(Readiness.Ready.class);
    }

    @Test
    void aFailedBaseFailsTheFinetune() {
        assertThat(resolve(finetune(), base(Phase.Failed, 10), CREATED)).isInstanceOfSatisfying(
                Readiness.Unavailable.class, unavailable -> {
                    assertThat(unavailable.reason()).isEqualTo(BaseResolution.BASE_FAILED);
                    assertThat(unavailable.message()).startsWith("spec.base.pretrain: GPTPretrain tiny failed")
                            .contains("exited with code 1");
                });
    }

    @Test
    void aMissingBaseIsAwaitedForTheGracePeriodOnly() {
        Duration grace = TestSettings.DEFAULT.baseGracePeriod();
        assertThat(resolve(finetune(), null, CREATED.plusMillis(500))).isInstanceOfSatisfying(
                Readiness.Waiting.class, waiting -> {
                    assertThat(waiting.reason()).isEqualTo(BaseResolution.BASE_NOT_FOUND);
                    assertThat(waiting.recheck()).isEqualTo(grace.minusMillis(500));
                });
        assertThat(resolve(finetune(), null, CREATED.plus(grace))).isInstanceOfSatisfying(
                Readiness.Unavailable.class, unavailable -> assertThat(unavailable.message())
                        .isEqualTo("spec.base.pretrain: GPTPretrain tiny does not exist in namespace ml"));
    }

    @Test
    void aPathNeedsNoPretrain() {
        GPTFinetune job = finetune();
        job.getSpec().getBase().setPretrain(null);
        job.getSpec().getBase().setPath("/models/gpt1/checkpoints/step-00001000");
        job.getSpec().getBase().setClaimName("models");
        assertThat(resolve(job, null, CREATED.plus(Duration.ofDays(1)))).isEqualTo(new Readiness.Ready(new BaseModel(
                "models", "/base/models/gpt1/checkpoints/step-00001000",
                "checkpoint /models/gpt1/checkpoints/step-00001000 on claim models")));
    }
}
