package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** What every training job has: workers, checkpoints, evaluation and the run controls Kubernetes Jobs have. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class GPTJobSpec {

    @JsonPropertyDescription("The trainer pods and their scheduling.")
    private WorkersSpec workers = new WorkersSpec();

    @JsonPropertyDescription("Checkpoint volume, frequency and retention.")
    private CheckpointSpec checkpoint = new CheckpointSpec();

    @JsonPropertyDescription("Evaluation on held-out data.")
    private EvaluationSpec evaluation = new EvaluationSpec();

    @JsonPropertyDescription("Stop the workers and keep the checkpoints; false resumes from them.")
    private Boolean suspend = false;

    @JsonPropertyDescription("Seconds the job may run, counted from the creation of its first pod and not counting "
            + "time suspended, before it is failed.")
    @Min(1)
    @Max(Integer.MAX_VALUE)
    private Long activeDeadlineSeconds;

    @JsonPropertyDescription("Seconds after the job finishes when its pods and services are deleted.")
    @Min(0)
    @Max(Integer.MAX_VALUE)
    private Long ttlSecondsAfterFinished;

    @JsonPropertyDescription("Times the gang of workers is restarted from the latest checkpoint after a failure.")
    @Min(0)
    @Max(1000)
    private Integer backoffLimit = 3;

    @JsonPropertyDescription("Seconds the pods of a start or restart may take to run (image pull, scheduling, GPU "
            + "nodes scaling up) before the job fails with StartTimeout.")
    @Min(1)
    @Max(Integer.MAX_VALUE)
    private Long startTimeoutSeconds = 900L;

    public Long getStartTimeoutSeconds() {
        return startTimeoutSeconds;
    }

    public void setStartTimeoutSeconds(Long startTimeoutSeconds) {
        this.startTimeoutSeconds = startTimeoutSeconds;
    }

    /** The optimisation settings, typed by the subclass. */
    public abstract TrainingSpec getTraining();

    public WorkersSpec getWorkers() {
        return workers;
    }

    public void setWorkers(WorkersSpec workers) {
        this.workers = workers;
    }

    public CheckpointSpec getCheckpoint() {
        return checkpoint;
    }

    public void setCheckpoint(CheckpointSpec checkpoint) {
        this.checkpoint = checkpoint;
    }

    public EvaluationSpec getEvaluation() {
        return evaluation;
    }

    public void setEvaluation(EvaluationSpec evaluation) {
        this.evaluation = evaluation;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

    public Long getActiveDeadlineSeconds() {
        return activeDeadlineSeconds;
    }

    public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
        this.activeDeadlineSeconds = activeDeadlineSeconds;
    }

    public Long getTtlSecondsAfterFinished() {
        return ttlSecondsAfterFinished;
    }

    public void setTtlSecondsAfterFinished(Long ttlSecondsAfterFinished) {
        this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
    }

    public Integer getBackoffLimit() {
        return backoffLimit;
    }

    public void setBackoffLimit(Integer backoffLimit) {
        this.backoffLimit = backoffLimit;
    }
}
