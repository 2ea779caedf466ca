package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One complete checkpoint on the checkpoint volume. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckpointRecord {

    private Long step;
    private String path;
    private Double loss;
    /** RFC 3339 time the checkpoint became complete. */
    private String time;
    /** The attempt of the gang that wrote it (status.restarts + status.disruptions then). */
    private Integer attempt;

    public CheckpointRecord() {
    }

    public CheckpointRecord(long step, String path, Double loss, String time) {
        this.step = step;
        this.path = path;
        this.loss = loss;
        this.time = time;
    }

    public Integer getAttempt() {
        return attempt;
    }

    public void setAttempt(Integer attempt) {
        this.attempt = attempt;
    }

    public Long getStep() {
        return step;
    }

    public void setStep(Long step) {
        this.step = step;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public Double getLoss() {
        return loss;
    }

    public void setLoss(Double loss) {
        this.loss = loss;
    }

    public String getTime() {
        return time;
    }

    public void setTime(String time) {
        this.time = time;
    }
}
