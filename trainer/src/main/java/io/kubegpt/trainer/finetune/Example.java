package io.kubegpt.trainer.finetune;

import java.util.List;

/**
 * One labelled row of a fine-tuning file, before tokenization. Which fields are set depends on the task:
 * classification {@code first} (the text); entailment {@code first} (premise) and {@code second} (hypothesis);
 * similarity {@code first}, {@code second} and either {@code label} or {@code score}; multiple choice
 * {@code first} (the context) and {@code answers}, with {@code label} the index of the right answer.
 *
 * @param row   the 1-based line of its file where the row starts, for messages
 * @param label the class index (or the right answer's index); -1 for a regression score
 * @param score the target of a regression (similarity without labels); NaN otherwise
 */
public record Example(int row, String first, String second, List<String> answers, int label, double score) {

    public static Example text(int row, String text, int label) {
        return new Example(row, text, null, List.of(), label, Double.NaN);
    }

    public static Example pair(int row, String first, String second, int label) {
        return new Example(row, first, second, List.of(), label, Double.NaN);
    }

    public static Example scoredPair(int row, String first, String second, double score) {
        return new Example(row, first, second, List.of(), -1, score);
    }

    public static Example choice(int row, String context, List<String> answers, int rightAnswer) {
        return new Example(row, context, null, List.copyOf(answers), rightAnswer, Double.NaN);
    }
}
