package io.kubegpt.operator.reconciler;

import io.kubegpt.operator.dependent.BaseModel;
import java.time.Duration;

/** Whether what a new job needs from other objects is there: the base model of a fine-tune. */
public sealed interface Readiness {

    /** Nothing to wait for: a pre-train. */
    Readiness NOTHING_NEEDED = new Ready(null);

    /** The job can start; from {@code base}, when it has one. */
    record Ready(BaseModel base) implements Readiness {
    }

    /** Not yet; look again after {@code recheck} (null: when the awaited object changes). */
    record Waiting(String reason, String message, Duration recheck) implements Readiness {
    }

    /** Never: the job fails with this reason and message. */
    record Unavailable(String reason, String message) implements Readiness {
    }
}
