package io.kubegpt.trainer.finetune;

import io.kubegpt.api.v1alpha1.TaskType;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import io.kubegpt.trainer.tokenizer.SpecialToken;
import java.util.ArrayList;
import java.util.List;

/**
 * GPT-1's input transformations (section 3.3 of the paper), with the start {@code [s]}, delimiter {@code [$]} and
 * extract {@code [e]} tokens the tokenizer reserved:
 * <ul>
 *   <li>classification: {@code [s] text [e]}</li>
 *   <li>entailment: {@code [s] premise [$] hypothesis [e]}</li>
 *   <li>similarity: {@code [s] a [$] b [e]} and {@code [s] b [$] a [e]} (the head adds the two final states)</li>
 *   <li>multiple choice: {@code [s] context [$] answer_k [e]} for every answer k</li>
 * </ul>
 * A sequence longer than the context loses tokens from the front of its first part (the text, premise, first
 * sentence or context), never from the part after the delimiter; when that part alone does not fit, the row is
 * rejected.
 */
public final class InputTransformation {

    private final BpeTokenizer tokenizer;
    private final int context;
    private final int start;
    private final int delimiter;
    private final int extract;

    public InputTransformation(BpeTokenizer tokenizer, int context) {
        if (!tokenizer.hasSpecialTokens()) {
            throw new InvalidInputException("spec.base", "the tokenizer lacks the reserved fine-tuning tokens "
                    + "(start, delimiter, extract, pad); pre-train with a tokenizer trained by this trainer");
        }
        if (context < 4) {
            throw new InvalidInputException("spec.base", "a context of " + context + " tokens is too short to fine-tune");
        }
        this.tokenizer = tokenizer;
        this.context = context;
        this.start = tokenizer.specialId(SpecialToken.START);
        this.delimiter = tokenizer.specialId(SpecialToken.DELIMITER);
        this.extract = tokenizer.specialId(SpecialToken.EXTRACT);
    }

    /** The sequences of one example, each ending in {@code [e]} and at most {@code context} tokens long. */
    public List<int[]> sequences(TaskType type, Example example) {
        return switch (type) {
            case CLASSIFICATION -> List.of(classification(example.first()));
            case ENTAILMENT -> List.of(entailment(example.first(), example.second()));
            case SIMILARITY -> similarity(example.first(), example.second());
            case MULTIPLE_CHOICE -> multipleChoice(example.first(), example.answers());
        };
    }

    /** {@code [s] text [e]}. */
    public int[] classification(String text) {
        return join(tokenizer.encode(text), null);
    }

    /** {@code [s] premise [$] hypothesis [e]}. */
    public int[] entailment(String premise, String hypothesis) {
        return join(tokenizer.encode(premise), tokenizer.encode(hypothesis));
    }

    /** Both orders: {@code [s] a [$] b [e]} and {@code [s] b [$] a [e]}. */
    public List<int[]> similarity(String a, String b) {
        int[] first = tokenizer.encode(a);
        int[] second = tokenizer.encode(b);
        return List.of(join(first, second), join(second, first));
    }

    /** {@code [s] context [$] answer [e]} for each answer, in the answers' order. */
    public List<int[]> multipleChoice(String contextText, List<String> answers) {
        int[] encodedContext = tokenizer.encode(contextText);
        List<int[]> sequences = new ArrayList<>(answers.size());
        for (String answer : answers) {
            sequences.add(join(encodedContext, tokenizer.encode(answer)));
        }
        return sequences;
    }

    public int context() {
        return context;
    }

    /**
     * {@code [s] first [$] second [e]} ({@code [s] first [e]} without a second part), dropping tokens from the
     * front of {@code first} until it fits.
     */
    private int[] join(int[] first, int[] second) {
        int fixed = 2 + (second == null ? 0 : 1 + second.length);
        if (fixed > context) {
            throw new TooLongException("the part after the delimiter takes " + (fixed - 1) + " tokens with its "
                    + "special tokens; the context holds " + context);
        }
        int kept = Math.min(first.length, context - fixed);
        int[] sequence = new int[fixed + kept];
        int at = 0;
        sequence[at++] = start;
        System.arraycopy(first, first.length - kept, sequence, at, kept);
        at += kept;
        if (second != null) {
            sequence[at++] = delimiter;
            System.arraycopy(second, 0, sequence, at, second.length);
            at += second.length;
        }
        sequence[at] = extract;
        return sequence;
    }

    /** A row whose answer (the part after the delimiter) cannot fit the context; counted as a bad row. */
    public static final class TooLongException extends IllegalArgumentException {
        TooLongException(String message) {
            super(message);
        }
    }
}
