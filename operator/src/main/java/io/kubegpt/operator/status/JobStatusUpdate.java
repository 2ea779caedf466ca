package io.kubegpt.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The status a reconcile writes, built on a copy of the current one: phase moves (each becomes an event),
 * conditions that keep their transition time while their status holds, and the trainer's reports folded in.
 */
public final class JobStatusUpdate {

    /** A phase change, reported as an event. */
    public record Transition(Phase from, Phase to, String reason, String message) {
    }

    private final GPTJobStatus original;
    private final GPTJobStatus status;
    private final long generation;
    private final Instant now;
    private final List<Transition> transitions = new ArrayList<>();

    public JobStatusUpdate(GPTJobStatus current, long generation, Instant now) {
        this.original = current == null ? new GPTJobStatus() : current;
        this.status = Serialization.clone(original);
        this.generation = generation;
        this.now = now;
        status.setObservedGeneration(generation);
        if (status.getRestarts() == null) {
            status.setRestarts(0);
        }
    }

    public GPTJobStatus status() {
        return status;
    }

    public Phase phase() {
        return status.getPhase();
    }

    public Instant now() {
        return now;
    }

    public void moveTo(Phase phase, String reason, String message) {
        if (status.getPhase() != phase) {
            transitions.add(new Transition(status.getPhase(), phase, reason, message));
            status.setPhase(phase);
        }
        status.setMessage(message);
        if (phase.isFinished() && status.getCompletionTime() == null) {
            status.setCompletionTime(now.toString());
        }
    }

    public void condition(String type, boolean value, String reason, String message) {
        List<Condition> conditions = status.getConditions() == null ? new ArrayList<>()
                : new ArrayList<>(status.getConditions());
        String statusValue = value ? "True" : "False";
        Optional<Condition> existing = find(type);
        String since = existing.filter(c -> statusValue.equals(c.getStatus())).map(Condition::getLastTransitionTime)
                .orElse(now.toString());
        conditions.removeIf(c -> type.equals(c.getType()));
        conditions.add(new ConditionBuilder().withType(type).withStatus(statusValue).withReason(reason)
                .withMessage(message).withObservedGeneration(generation).withLastTransitionTime(since).build());
        status.setConditions(conditions);
    }

    /** Sets the condition False if it is there; an absent condition stays absent. */
    public void clear(String type, String reason, String message) {
        if (find(type).isPresent()) {
            condition(type, false, reason, message);
        }
    }

    public boolean isTrue(String type) {
        return find(type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** The reason of a True condition. */
    public Optional<String> trueBecause(String type) {
        return find(type).filter(c -> "True".equals(c.getStatus())).map(Condition::getReason);
    }

    public Optional<Instant> trueSince(String type) {
        return find(type).filter(c -> "True".equals(c.getStatus()))
                .map(c -> Instant.parse(c.getLastTransitionTime()));
    }

    /** Takes the trainer's progress, checkpoints and benchmark from a report; what the report lacks is kept. */
    public void fold(GPTJobStatus report) {
        if (report.getProgress() != null) {
            status.setProgress(report.getProgress());
        }
        if (report.getCheckpoints() != null) {
            status.setCheckpoints(report.getCheckpoints());
        }
        if (report.getBenchmark() != null) {
            status.setBenchmark(report.getBenchmark());
        }
    }

    public List<Transition> transitions() {
        return transitions;
    }

    public boolean changed() {
        return !Objects.equals(Serialization.asJson(original), Serialization.asJson(status));
    }

    private Optional<Condition> find(String type) {
        return status.getConditions() == null ? Optional.empty()
                : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
