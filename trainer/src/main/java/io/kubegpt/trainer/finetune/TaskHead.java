package io.kubegpt.trainer.finetune;

import io.kubegpt.api.v1alpha1.TaskSpec;
import io.kubegpt.api.v1alpha1.TaskType;

/**
 * The shape of the head a task needs: how many sequences each example runs ({@code groups}), how many outputs the
 * linear layer has, and whether it predicts classes (softmax cross-entropy) or a score (squared error).
 * Multiple choice has one output per sequence, and the softmax runs across the answers.
 */
public record TaskHead(TaskType type, int groups, int classes, boolean regression) {

    public static TaskHead of(TaskSpec task, int groups) {
        return switch (task.getType()) {
            case CLASSIFICATION, ENTAILMENT -> new TaskHead(task.getType(), 1, task.getLabels().size(), false);
            case SIMILARITY -> task.getLabels() == null ? new TaskHead(TaskType.SIMILARITY, 2, 1, true)
                    : new TaskHead(TaskType.SIMILARITY, 2, task.getLabels().size(), false);
            case MULTIPLE_CHOICE -> new TaskHead(TaskType.MULTIPLE_CHOICE, groups, groups, false);
        };
    }

    /** Outputs of the linear layer: 1 per answer for multiple choice, else the classes (1 for a score). */
    public int linearOutputs() {
        return type == TaskType.MULTIPLE_CHOICE ? 1 : classes;
    }
}
