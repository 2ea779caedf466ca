package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Ready worker pods out of those the job needs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkerCounts {

    private Integer ready;
    private Integer total;

    public WorkerCounts() {
    }

    public WorkerCounts(int ready, int total) {
        this.ready = ready;
        this.total = total;
    }

    public Integer getReady() {
        return ready;
    }

    public void setReady(Integer ready) {
        this.ready = ready;
    }

    public Integer getTotal() {
        return total;
    }

    public void setTotal(Integer total) {
        this.total = total;
    }
}
