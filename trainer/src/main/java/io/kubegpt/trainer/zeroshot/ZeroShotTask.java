package io.kubegpt.trainer.zeroshot;

import io.kubegpt.api.v1alpha1.TaskSpec;
import io.kubegpt.api.v1alpha1.TaskType;
import io.kubegpt.api.v1alpha1.ZeroShotHeuristic;
import io.kubegpt.api.v1alpha1.ZeroShotTaskSpec;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.finetune.Example;
import io.kubegpt.trainer.finetune.TaskData;
import io.kubegpt.trainer.finetune.TaskDataReader;
import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import io.kubegpt.trainer.zeroshot.ContinuationScorer.Continuation;
import java.util.ArrayList;
import java.util.List;

/**
 * One zero-shot task, read and tokenized: for each row the continuations its heuristic compares (one per label word
 * or answer; one text for acceptability) and how their log-probabilities become a score:
 * <ul>
 *   <li>labelWord: {@code text prompt} then {@code " " + word} per label; the sum of the word's token
 *       log-probabilities (a word of several tokens scores them all);</li>
 *   <li>answerLikelihood: {@code context} then {@code " " + answer}; the mean log-probability of the answer's tokens
 *       (answers of different lengths stay comparable);</li>
 *   <li>substitution: the context up to its {@code _} with the answer in its place, then the text after {@code _};
 *       the sum of that text's log-probabilities (the same tokens for every answer);</li>
 *   <li>acceptability: the text; the mean log-probability of its tokens, compared with a threshold.</li>
 * </ul>
 * Every sequence starts as a document does in a corpus of blank-line separated texts, after {@code "\n\n"}, so its
 * first word is scored too. Rows a heuristic cannot use (no single {@code _}, an answer that does not fit the
 * context) are counted with the file's bad rows.
 */
public final class ZeroShotTask {

    static final String DOCUMENT_START = "\n\n";
    private static final String BLANK = "_";

    /** A row ready to score: the continuations it compares and the index of the right one (its label). */
    record Row(int label, List<Continuation> continuations) {
    }

    private final ZeroShotTaskSpec spec;
    private final List<Row> rows;
    private final List<Row> thresholdRows;
    private final String summary;

    private ZeroShotTask(ZeroShotTaskSpec spec, List<Row> rows, List<Row> thresholdRows, String summary) {
        this.spec = spec;
        this.rows = rows;
        this.thresholdRows = thresholdRows;
        this.summary = summary;
    }

    /**
     * Reads and tokenizes {@code spec}'s files, their first {@code maxExamples} usable rows each.
     *
     * @param field the spec field of the task, e.g. {@code spec.evaluation.zeroShot[0]}, for messages
     */
    public static ZeroShotTask read(ZeroShotTaskSpec spec, String field, BpeTokenizer tokenizer, int context) {
        Tokenized scored = tokenize(spec, field + ".data", spec.getData(), tokenizer, context);
        String summary = scored.summary;
        List<Row> thresholdRows = List.of();
        if (spec.getHeuristic() == ZeroShotHeuristic.ACCEPTABILITY) {
            Tokenized train = tokenize(spec, field + ".train", spec.getTrain(), tokenizer, context);
            thresholdRows = train.rows;
            summary += "; threshold from " + train.summary;
        }
        return new ZeroShotTask(spec, scored.rows, thresholdRows, summary);
    }

    private record Tokenized(List<Row> rows, String summary) {
    }

    private static Tokenized tokenize(ZeroShotTaskSpec spec, String field, String location, BpeTokenizer tokenizer,
                                      int context) {
        TaskSpec task = new TaskSpec();
        task.setType(spec.getHeuristic().choosesAnAnswer() ? TaskType.MULTIPLE_CHOICE : TaskType.CLASSIFICATION);
        task.setLabels(spec.getLabels());
        TaskData data = new TaskDataReader(task, field).read(location, spec.getFormat());
        List<Row> rows = new ArrayList<>();
        List<String> reasons = new ArrayList<>(data.badRowReasons());
        int bad = data.badRows();
        for (Example example : data.examples()) {
            if (rows.size() == spec.getMaxExamples()) {
                break;
            }
            try {
                rows.add(new Row(example.label(), continuations(spec, example, tokenizer, context)));
            } catch (IllegalArgumentException unusable) {
                bad++;
                if (reasons.size() < TaskData.REASONS_KEPT) {
                    reasons.add("line " + example.row() + ": " + unusable.getMessage());
                }
            }
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException(field, location + " has no row " + spec.getName() + " can score"
                    + (reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")"));
        }
        return new Tokenized(List.copyOf(rows), TaskData.describe(spec.getName(), rows.size(), location, bad, reasons));
    }

    private static List<Continuation> continuations(ZeroShotTaskSpec spec, Example example, BpeTokenizer tokenizer,
                                                    int context) {
        List<Continuation> continuations = new ArrayList<>();
        switch (spec.getHeuristic()) {
            case LABEL_WORD -> {
                int[] prefix = tokenizer.encode(DOCUMENT_START + example.first()
                        + (spec.getPrompt() == null ? "" : " " + spec.getPrompt()));
                List<String> words = spec.getLabelWords() != null ? spec.getLabelWords() : spec.getLabels();
                for (String word : words) {
                    continuations.add(new Continuation(prefix, tokenizer.encode(" " + word)));
                }
            }
            case ANSWER_LIKELIHOOD -> {
                int[] prefix = tokenizer.encode(DOCUMENT_START + example.first());
                for (String answer : example.answers()) {
                    continuations.add(new Continuation(prefix, tokenizer.encode(" " + answer)));
                }
            }
            case SUBSTITUTION -> {
                String text = example.first();
                int blank = text.indexOf(BLANK);
                if (blank < 0 || text.indexOf(BLANK, blank + 1) >= 0) {
                    throw new IllegalArgumentException("the context must hold exactly one " + BLANK
                            + " for the answers to replace");
                }
                String after = text.substring(blank + 1);
                if (after.isBlank()) {
                    throw new IllegalArgumentException("nothing follows " + BLANK + " to score");
                }
                int[] scored = tokenizer.encode(after);
                for (String answer : example.answers()) {
                    continuations.add(new Continuation(tokenizer.encode(DOCUMENT_START + text.substring(0, blank)
                            + answer), scored));
                }
            }
            case ACCEPTABILITY -> continuations.add(new Continuation(tokenizer.encode(DOCUMENT_START),
                    tokenizer.encode(example.first())));
        }
        for (Continuation continuation : continuations) {
            if (continuation.tokens().length > context) {
                throw new IllegalArgumentException("the scored text takes " + continuation.tokens().length
                        + " tokens; the context holds " + context);
            }
        }
        return continuations;
    }

    /** What one continuation's token log-probabilities score under this task's heuristic. */
    double score(double[] logProbabilities) {
        double sum = 0;
        for (double logProbability : logProbabilities) {
            sum += logProbability;
        }
        return switch (spec.getHeuristic()) {
            case LABEL_WORD, SUBSTITUTION -> sum;
            case ANSWER_LIKELIHOOD, ACCEPTABILITY -> sum / logProbabilities.length;
        };
    }

    /** The accuracy of guessing: 1 / labels, or the mean of 1 / answers over the rows. */
    public double chance() {
        if (!spec.getHeuristic().choosesAnAnswer()) {
            return 1.0 / spec.getLabels().size();
        }
        return rows.stream().mapToDouble(row -> 1.0 / row.continuations().size()).average().orElse(0);
    }

    public String name() {
        return spec.getName();
    }

    public ZeroShotHeuristic heuristic() {
        return spec.getHeuristic();
    }

    List<Row> rows() {
        return rows;
    }

    /** acceptability: the train file's rows, whose scores choose the threshold; empty otherwise. */
    List<Row> thresholdRows() {
        return thresholdRows;
    }

    /** e.g. {@code sentiment: 160 examples from builtin:sentiment/eval.jsonl}. */
    public String summary() {
        return summary;
    }
}
