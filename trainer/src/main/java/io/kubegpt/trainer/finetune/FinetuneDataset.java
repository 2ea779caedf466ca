package io.kubegpt.trainer.finetune;

import io.kubegpt.api.v1alpha1.TaskType;
import java.util.ArrayList;
import java.util.List;

/**
 * A task file's examples run through the input transformation: each example becomes {@link #groups()} token
 * sequences (1 for classification and entailment, 2 for similarity, the largest number of answers for multiple
 * choice). Rows whose answer part cannot fit the context join the file's bad rows.
 */
public final class FinetuneDataset {

    /** One example and its token sequences, each ending in the extract token. */
    public record Item(Example example, List<int[]> sequences) {
    }

    private final TaskData data;
    private final List<Item> items;
    private final int groups;
    private final int badRows;
    private final List<String> badRowReasons;

    private FinetuneDataset(TaskData data, List<Item> items, int groups, int badRows, List<String> badRowReasons) {
        this.data = data;
        this.items = items;
        this.groups = groups;
        this.badRows = badRows;
        this.badRowReasons = badRowReasons;
    }

    public static FinetuneDataset encode(TaskData data, InputTransformation transformation, TaskType type) {
        List<Item> items = new ArrayList<>();
        List<String> reasons = new ArrayList<>(data.badRowReasons());
        int bad = data.badRows();
        int groups = 1;
        for (Example example : data.examples()) {
            try {
                List<int[]> sequences = transformation.sequences(type, example);
                items.add(new Item(example, sequences));
                groups = Math.max(groups, sequences.size());
            } catch (InputTransformation.TooLongException e) {
                bad++;
                if (reasons.size() < TaskData.REASONS_KEPT) {
                    reasons.add("line " + example.row() + ": " + e.getMessage());
                }
            }
        }
        if (items.isEmpty()) {
            throw new io.kubegpt.trainer.InvalidInputException("spec.data", data.source() + " holds no row that "
                    + "fits the context of " + transformation.context() + " tokens (" + String.join("; ", reasons) + ")");
        }
        return new FinetuneDataset(data, List.copyOf(items), groups, bad, List.copyOf(reasons));
    }

    public List<Item> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    /** Sequences per example in a batch; examples with fewer answers are padded and their padding masked. */
    public int groups() {
        return groups;
    }

    /** Tokens of the longest sequence. */
    public int longestSequence() {
        return items.stream().flatMap(item -> item.sequences().stream()).mapToInt(sequence -> sequence.length).max()
                .orElseThrow();
    }

    public int badRows() {
        return badRows;
    }

    /** One line for the console, with the bad rows and why. */
    public String summary(String role) {
        return TaskData.describe(role, items.size(), data.source(), badRows, badRowReasons);
    }
}
