package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Observed state of a GPTPretrain or GPTFinetune; written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GPTJobStatus {

    private Phase phase;
    private List<Condition> conditions;
    private Long observedGeneration;
    private WorkerCounts workers;
    private Progress progress;
    private Checkpoints checkpoints;
    private Benchmark benchmark;
    /** Gang restarts after a failure, counted against spec.backoffLimit. */
    private Integer restarts;
    /** Gang restarts after a disruption (preemption, eviction, drain, node loss, a stop on request): not counted. */
    private Integer disruptions;
    /** Seconds spent suspended, which spec.activeDeadlineSeconds does not count. */
    private Long suspendedSeconds;
    /** How the last attempt of the gang ended when it did not succeed, kept across the restart. */
    private GangInterruption lastInterruption;
    /** RFC 3339 time the first pod was created. */
    private String startTime;
    /** RFC 3339 time the job Succeeded or Failed. */
    private String completionTime;
    /** A human-readable summary of the current phase. */
    private String message;
    /** The Kueue LocalQueue the job is queued in, fixed when it is accepted; absent for a job Kueue does not admit. */
    private String queue;
    /** The name of the job's Kueue Workload. */
    private String workload;

    public Phase getPhase() {
        return phase;
    }

    public void setPhase(Phase phase) {
        this.phase = phase;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public WorkerCounts getWorkers() {
        return workers;
    }

    public void setWorkers(WorkerCounts workers) {
        this.workers = workers;
    }

    public Progress getProgress() {
        return progress;
    }

    public void setProgress(Progress progress) {
        this.progress = progress;
    }

    public Checkpoints getCheckpoints() {
        return checkpoints;
    }

    public void setCheckpoints(Checkpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    public Benchmark getBenchmark() {
        return benchmark;
    }

    public void setBenchmark(Benchmark benchmark) {
        this.benchmark = benchmark;
    }

    public Integer getRestarts() {
        return restarts;
    }

    public void setRestarts(Integer restarts) {
        this.restarts = restarts;
    }

    public Integer getDisruptions() {
        return disruptions;
    }

    public void setDisruptions(Integer disruptions) {
        this.disruptions = disruptions;
    }

    public Long getSuspendedSeconds() {
        return suspendedSeconds;
    }

    public void setSuspendedSeconds(Long suspendedSeconds) {
        this.suspendedSeconds = suspendedSeconds;
    }

    public GangInterruption getLastInterruption() {
        return lastInterruption;
    }

    public void setLastInterruption(GangInterruption lastInterruption) {
        this.lastInterruption = lastInterruption;
    }

    /** Which try of the gang runs now: 0 first, one more per restart, counted or not. */
    @JsonIgnore
    public int attempt() {
        return (restarts == null ? 0 : restarts) + (disruptions == null ? 0 : disruptions);
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public String getCompletionTime() {
        return completionTime;
    }

    public void setCompletionTime(String completionTime) {
        this.completionTime = completionTime;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getQueue() {
        return queue;
    }

    public void setQueue(String queue) {
        this.queue = queue;
    }

    public String getWorkload() {
        return workload;
    }

    public void setWorkload(String workload) {
        this.workload = workload;
    }
}
