package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How one attempt of the gang ended early: the pod that ended it, how, and whether it counted as a failure. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GangInterruption {

    @JsonPropertyDescription("RFC 3339 time the operator saw it.")
    private String time;
    @JsonPropertyDescription("The attempt it ended (status.restarts + status.disruptions at the time).")
    private Integer attempt;
    private String pod;
    private Integer exitCode;
    @JsonPropertyDescription("The kubelet's or the operator's reason, e.g. OOMKilled, Evicted, NodeLost.")
    private String reason;
    @JsonPropertyDescription("What the pod said: its termination message, or the last lines of its log.")
    private String message;
    @JsonPropertyDescription("True for a failure counted against spec.backoffLimit, false for a disruption.")
    private Boolean counted;

    public String getTime() {
        return time;
    }

    public void setTime(String time) {
        this.time = time;
    }

    public Integer getAttempt() {
        return attempt;
    }

    public void setAttempt(Integer attempt) {
        this.attempt = attempt;
    }

    public String getPod() {
        return pod;
    }

    public void setPod(String pod) {
        this.pod = pod;
    }

    public Integer getExitCode() {
        return exitCode;
    }

    public void setExitCode(Integer exitCode) {
        this.exitCode = exitCode;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public Boolean getCounted() {
        return counted;
    }

    public void setCounted(Boolean counted) {
        this.counted = counted;
    }
}
