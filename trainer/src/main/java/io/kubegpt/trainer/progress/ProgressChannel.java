package io.kubegpt.trainer.progress;

import io.kubegpt.api.v1alpha1.GPTJobStatus;

/** Where the trainer reports its status beyond its own output folder: the operator, when it runs in a pod. */
public interface ProgressChannel {

    /** Reports nothing: the trainer runs outside a pod. */
    ProgressChannel NONE = new ProgressChannel() {
        @Override
        public void update(GPTJobStatus status) {
        }

        @Override
        public void finish(GPTJobStatus status) {
        }
    };

    /** The latest status; sent at most every few seconds, so it may be called every step. */
    void update(GPTJobStatus status);

    /** The final status, sent before returning. */
    void finish(GPTJobStatus status);

    /** The pod's channel when the operator configured one, otherwise {@link #NONE}. */
    static ProgressChannel fromEnvironment() {
        return PodProgressChannel.fromEnvironment(System.getenv()).orElse(NONE);
    }
}
