package io.kubegpt.operator.reconciler;

import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.api.v1alpha1.BaseCheckpoint;
import io.kubegpt.api.v1alpha1.BaseModelSpec;
import io.kubegpt.api.v1alpha1.CheckpointRecord;
import io.kubegpt.api.v1alpha1.GPTFinetune;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.api.v1alpha1.Phase;
import io.kubegpt.operator.config.OperatorSettings;
import io.kubegpt.operator.dependent.BaseModel;
import io.kubegpt.operator.dependent.TrainerPod;
import io.kubegpt.operator.status.Conditions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether a fine-tune's base model is there, from the base GPTPretrain as the operator's cache holds it:
 * <ul>
 * <li>{@code base.path}: always ready (the path on {@code base.claimName}, or in the image without a claim);</li>
 * <li>{@code base.checkpoint: final} (the default): ready once the GPTPretrain has Succeeded, from its last
 * checkpoint;</li>
 * <li>{@code base.checkpoint: latest}: ready once the GPTPretrain has a checkpoint, from its newest at that
 * moment;</li>
 * <li>{@code base.step}: ready once a checkpoint of that step is among the kept ones; unavailable when the
 * GPTPretrain finished or went past that step without keeping one;</li>
 * <li>a Failed GPTPretrain: unavailable; a missing one: waiting for {@code baseGracePeriod} after the fine-tune's
 * creation (both may be applied together, in either order), then unavailable.</li>
 * </ul>
 * The base's checkpoint claim is mounted read-only at {@link TrainerPod#BASE_MOUNT}, where its run folder is
 * {@code /base/<pretrain>}, as {@code /checkpoints/<pretrain>} is in its own pods.
 */
public final class BaseResolution {

    public static final String BASE_NOT_FOUND = "BaseNotFound";
    public static final String BASE_FAILED = "BaseFailed";
    public static final String BASE_CHECKPOINT_MISSING = "BaseCheckpointMissing";
    public static final String BASE_TRAINING = "BaseTraining";

    private BaseResolution() {
    }

    public static Readiness of(GPTFinetune job, Optional<GPTPretrain> basePretrain, OperatorSettings settings,
            Instant now) {
        BaseModelSpec spec = job.getSpec().getBase();
        if (spec.getPretrain() == null) {
            String folder = spec.getClaimName() == null ? spec.getPath() : TrainerPod.BASE_MOUNT + spec.getPath();
            return new Readiness.Ready(new BaseModel(spec.getClaimName(), folder, "checkpoint " + spec.getPath()
                    + (spec.getClaimName() == null ? "" : " on claim " + spec.getClaimName())));
        }
        String name = spec.getPretrain();
        String field = "spec.base.pretrain";
        if (basePretrain.isEmpty()) {
            Instant created = Optional.ofNullable(job.getMetadata().getCreationTimestamp()).map(Instant::parse)
                    .orElse(now);
            Instant deadline = created.plus(settings.baseGracePeriod());
            if (now.isBefore(deadline)) {
                return new Readiness.Waiting(BASE_NOT_FOUND, "GPTPretrain " + name + " (" + field + ") does not exist; "
                        + "waiting " + settings.baseGracePeriod().toSeconds() + " s from creation for it to appear",
                        Duration.between(now, deadline));
            }
            return new Readiness.Unavailable(BASE_NOT_FOUND, field + ": GPTPretrain " + name + " does not exist in "
                    + "namespace " + job.getMetadata().getNamespace());
        }
        GPTPretrain base = basePretrain.get();
        int baseLayers = base.getSpec().getModel().getLayers();
        if (spec.getLayers() != null && spec.getLayers() > baseLayers) {
            // a spec error: fixing it starts the job, as with any other invalid spec
            return new Readiness.Unavailable(Conditions.INVALID_SPEC, "spec.base.layers: GPTPretrain " + name
                    + " has " + baseLayers + " layers: transfer 0 (the embeddings alone) to " + baseLayers + ", not "
                    + spec.getLayers());
        }
        GPTJobStatus status = base.getStatus() != null ? base.getStatus() : new GPTJobStatus();
        Phase phase = status.getPhase();
        if (phase == Phase.Failed) {
            return new Readiness.Unavailable(BASE_FAILED, field + ": GPTPretrain " + name + " failed"
                    + (status.getMessage() == null ? "" : ": " + status.getMessage()));
        }
        Optional<CheckpointRecord> latest = Optional.ofNullable(status.getCheckpoints())
                .map(checkpoints -> checkpoints.getLatest());
        if (spec.getStep() != null) {
            long step = spec.getStep();
            Optional<CheckpointRecord> exact = kept(status).stream()
                    .filter(record -> record.getStep() != null && record.getStep() == step).findFirst()
                    .or(() -> latest.filter(record -> record.getStep() != null && record.getStep() == step));
            if (exact.isPresent()) {
                return ready(base, exact.get(), settings);
            }
            if (phase == Phase.Succeeded || latest.map(CheckpointRecord::getStep).filter(s -> s >= step).isPresent()) {
                return new Readiness.Unavailable(BASE_CHECKPOINT_MISSING, "spec.base.step: GPTPretrain " + name
                        + " has no checkpoint of step " + step + " (kept: " + kept(status).stream()
                        .map(record -> String.valueOf(record.getStep())).collect(Collectors.joining(", ")) + ")");
            }
            return waiting(name, "a checkpoint of step " + step, status);
        }
        if (spec.getCheckpoint() == BaseCheckpoint.LATEST) {
            return latest.map(record -> ready(base, record, settings))
                    .orElseGet(() -> waiting(name, "a first checkpoint", status));
        }
        if (phase == Phase.Succeeded) {
            return latest.map(record -> ready(base, record, settings)).orElseGet(() -> new Readiness.Ready(
                    new BaseModel(claim(base, settings), runFolder(name), "GPTPretrain " + name + ", final checkpoint")));
        }
        return waiting(name, "it to succeed (the final checkpoint)", status);
    }

    private static Readiness ready(GPTPretrain base, CheckpointRecord record, OperatorSettings settings) {
        String name = base.getMetadata().getName();
        String path = record.getPath();
        String folder = path == null ? runFolder(name)
                : runFolder(name) + "/" + RunLayout.CHECKPOINTS + "/" + Path.of(path).getFileName();
        return new Readiness.Ready(new BaseModel(claim(base, settings), folder, "GPTPretrain " + name
                + ", checkpoint of step " + record.getStep()));
    }

    private static Readiness waiting(String name, String what, GPTJobStatus status) {
        String progress = status.getProgress() == null || status.getProgress().getStep() == null ? ""
                : ", step " + status.getProgress().getStep() + (status.getProgress().getTotalSteps() == null ? ""
                        : " of " + status.getProgress().getTotalSteps());
        return new Readiness.Waiting(BASE_TRAINING, "waiting for GPTPretrain " + name + " (spec.base.pretrain) to have "
                + what + "; it is " + (status.getPhase() == null ? "new" : status.getPhase()) + progress, null);
    }

    private static List<CheckpointRecord> kept(GPTJobStatus status) {
        return status.getCheckpoints() == null || status.getCheckpoints().getKept() == null ? List.of()
                : status.getCheckpoints().getKept();
    }

    private static String claim(GPTPretrain base, OperatorSettings settings) {
        return new PretrainKind().view(base, settings).checkpointClaimName();
    }

    private static String runFolder(String name) {
        return TrainerPod.BASE_MOUNT + "/" + name;
    }
}
