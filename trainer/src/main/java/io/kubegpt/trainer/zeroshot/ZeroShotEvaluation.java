package io.kubegpt.trainer.zeroshot;

import io.kubegpt.api.v1alpha1.ZeroShotHeuristic;
import io.kubegpt.api.v1alpha1.ZeroShotScore;
import io.kubegpt.api.v1alpha1.ZeroShotTaskSpec;
import io.kubegpt.trainer.distributed.RankGroup;
import io.kubegpt.trainer.model.LanguageModel;
import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import io.kubegpt.trainer.zeroshot.ContinuationScorer.Continuation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores zero-shot tasks with a language model, data-parallel: a task's continuations, in file order, are cut into
 * micro-batches, micro-batch i is scored on rank i mod ranks, and a sum over the ranks gives every rank every score.
 * Because a micro-batch holds the same sequences whatever the number of ranks, the scores do not depend on it.
 */
public final class ZeroShotEvaluation {

    private final List<ZeroShotTask> tasks;
    private final int batch;

    /** @param batch sequences per forward pass, e.g. the training micro-batch */
    public ZeroShotEvaluation(List<ZeroShotTask> tasks, int batch) {
        this.tasks = List.copyOf(tasks);
        this.batch = batch;
    }

    /**
     * The tasks of {@code spec.evaluation.zeroShot} (none when unset), read and tokenized now so that a bad file
     * fails the run before it trains.
     */
    public static ZeroShotEvaluation of(List<ZeroShotTaskSpec> specs, BpeTokenizer tokenizer, int context,
                                        int batch) {
        List<ZeroShotTask> tasks = new ArrayList<>();
        for (int i = 0; specs != null && i < specs.size(); i++) {
            tasks.add(ZeroShotTask.read(specs.get(i), "spec.evaluation.zeroShot[" + i + "]", tokenizer, context));
        }
        return new ZeroShotEvaluation(tasks, batch);
    }

    /** One line per task: its rows, file and bad rows. */
    public List<String> summaries() {
        return tasks.stream().map(task -> "zero-shot " + task.summary()).toList();
    }

    public boolean isEmpty() {
        return tasks.isEmpty();
    }

    /** A collective: every task's accuracy, the same on every rank. */
    public List<ZeroShotScore> run(LanguageModel model, RankGroup group, long step) {
        ContinuationScorer scorer = new ContinuationScorer(model, batch);
        List<ZeroShotScore> scores = new ArrayList<>(tasks.size());
        for (ZeroShotTask task : tasks) {
            List<double[]> rowScores = scores(task, task.rows(), scorer, group);
            boolean thresholded = task.heuristic() == ZeroShotHeuristic.ACCEPTABILITY;
            double threshold = thresholded
                    ? threshold(task.thresholdRows(), scores(task, task.thresholdRows(), scorer, group)) : Double.NaN;
            int correct = 0;
            for (int i = 0; i < rowScores.size(); i++) {
                int predicted = thresholded ? (rowScores.get(i)[0] >= threshold ? 1 : 0) : best(rowScores.get(i));
                correct += predicted == task.rows().get(i).label() ? 1 : 0;
            }
            ZeroShotScore score = new ZeroShotScore(task.name(), task.heuristic(),
                    (double) correct / task.rows().size(), task.chance(), task.rows().size(), step);
            if (thresholded) {
                score.setThreshold(threshold);
            }
            scores.add(score);
        }
        return scores;
    }

    /** Each row's scores, one per continuation. */
    private List<double[]> scores(ZeroShotTask task, List<ZeroShotTask.Row> rows, ContinuationScorer scorer,
                                  RankGroup group) {
        List<Continuation> all = rows.stream().flatMap(row -> row.continuations().stream()).toList();
        double[] flat = new double[all.size()];
        for (int from = group.rank() * batch; from < all.size(); from += group.worldSize() * batch) {
            List<double[]> logProbabilities = scorer.logProbabilities(all.subList(from, Math.min(from + batch,
                    all.size())));
            for (int i = 0; i < logProbabilities.size(); i++) {
                flat[from + i] = task.score(logProbabilities.get(i));
            }
        }
        double[] summed = group.sum(flat);
        List<double[]> byRow = new ArrayList<>(rows.size());
        int at = 0;
        for (ZeroShotTask.Row row : rows) {
            byRow.add(Arrays.copyOfRange(summed, at, at + row.continuations().size()));
            at += row.continuations().size();
        }
        return byRow;
    }

    /** The index of the highest score (the first, on a tie). */
    private static int best(double[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The threshold that classifies {@code rows} best (a text is acceptable, label 1, when its score is at or above
     * it): one of their scores, or just above the highest when calling every text unacceptable is best.
     */
    static double threshold(List<ZeroShotTask.Row> rows, List<double[]> scores) {
        Integer[] order = new Integer[rows.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(scores.get(a)[0], scores.get(b)[0]));
        // threshold at the k-th lowest score: the k below it are called unacceptable, the rest acceptable
        int acceptable = (int) rows.stream().filter(row -> row.label() == 1).count();
        int correct = acceptable;
        int bestCorrect = correct;
        double best = scores.get(order[0])[0];
        for (int k = 1; k <= order.length; k++) {
            correct += rows.get(order[k - 1]).label() == 1 ? -1 : 1;
            boolean tied = k < order.length && scores.get(order[k])[0] == scores.get(order[k - 1])[0];
            if (!tied && correct > bestCorrect) {
                bestCorrect = correct;
                best = k < order.length ? scores.get(order[k])[0] : Math.nextUp(scores.get(order[k - 1])[0]);
            }
        }
        return best;
    }
}
