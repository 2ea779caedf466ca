package io.kubegpt.trainer.zeroshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kubegpt.api.v1alpha1.ZeroShotHeuristic;
import io.kubegpt.api.v1alpha1.ZeroShotScore;
import io.kubegpt.api.v1alpha1.ZeroShotTaskSpec;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.distributed.DistributedSettings;
import io.kubegpt.trainer.distributed.InProcessRanks;
import io.kubegpt.trainer.distributed.RankGroup;
import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import io.kubegpt.trainer.zeroshot.ContinuationScorer.Continuation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Zero-shot scores of a small random model against log-probabilities computed here from the model's logits: a
 * log-softmax in double precision at each position, the heuristics' rules written out again.
 */
class ZeroShotEvaluationTest {

    private static final String CORPUS = "the cat sat on the mat and was happy. the dog sat on the log and was sad. "
            + "a bird flew over the hill. the friends went home. it is too big for the box because it is large. ";
    private static final BpeTokenizer TOKENIZER = BpeTokenizer.train(CORPUS, 300);
    private static final int CONTEXT = 24;
    // a larger init than GPT-1's makes the log-probabilities differ enough to separate the choices
    private static final GPTConfig CONFIG = new GPTConfig(TOKENIZER.vocabSize(), CONTEXT, 2, 16, 2, 32, 0.1, 0.3);

    @TempDir
    Path dir;

    @Test
    void continuationLogProbabilitiesAreTheLogSoftmaxOfTheLogitsBeforeEachToken() {
        GPT model = new GPT(CONFIG, 5);
        List<Continuation> continuations = List.of(
                new Continuation(TOKENIZER.encode("the cat sat"), TOKENIZER.encode(" on the mat")),
                new Continuation(TOKENIZER.encode("\n\n"), TOKENIZER.encode("the dog")),
                // longer than the context: the prefix loses its first tokens
                new Continuation(TOKENIZER.encode(CORPUS.repeat(2)), TOKENIZER.encode(" the friends")));
        List<double[]> scored = new ContinuationScorer(model, 2).logProbabilities(continuations);

        for (int i = 0; i < continuations.size(); i++) {
            assertThat(scored.get(i)).containsExactly(byHand(model, continuations.get(i)), within(1e-4));
        }
    }

    @Test
    void labelWordPicksTheLabelWhoseWordsTokensHaveTheHighestSummedLogProbabilityAfterThePrompt() throws IOException {
        GPT model = new GPT(CONFIG, 7);
        String[] texts = {"the cat sat on the mat", "the dog sat on the log", "a bird flew over the hill",
                "the friends went home", "it is too big", "the dog was sad", "the cat was happy", "a box"};
        String[] words = {"sad", "happy friends"};
        assertThat(TOKENIZER.encode(" happy friends")).hasSizeGreaterThan(1);
        // each row labelled with the word the rule picks, worked out here: the score is 1 only if every row agrees
        List<String> rows = new ArrayList<>();
        boolean meanWouldDiffer = false;
        for (String text : texts) {
            int[] prefix = TOKENIZER.encode("\n\n" + text + " and was");
            double[][] logProbabilities = new double[words.length][];
            for (int w = 0; w < words.length; w++) {
                logProbabilities[w] = byHand(model, new Continuation(prefix, TOKENIZER.encode(" " + words[w])));
            }
            int picked = argmax(Arrays.stream(logProbabilities).mapToDouble(ZeroShotEvaluationTest::sum).toArray());
            meanWouldDiffer |= picked != argmax(Arrays.stream(logProbabilities).mapToDouble(ZeroShotEvaluationTest::mean)
                    .toArray());
            rows.add("{\"text\": \"" + text + "\", \"label\": \"" + List.of("bad", "good").get(picked) + "\"}");
        }
        assertThat(meanWouldDiffer).as("a row where the mean would pick the other word").isTrue();
        ZeroShotTaskSpec spec = task("feeling", ZeroShotHeuristic.LABEL_WORD, write("feeling.jsonl",
                rows.toArray(String[]::new)));
        spec.setLabels(List.of("bad", "good"));
        spec.setLabelWords(List.of(words));
        spec.setPrompt("and was");

        ZeroShotScore score = evaluate(model, spec);
        assertThat(score.getAccuracy()).isEqualTo(1.0);
        assertThat(score.getChance()).isEqualTo(0.5);
        assertThat(score.getExamples()).isEqualTo(texts.length);
        assertThat(score.getStep()).isEqualTo(12);
    }

    @Test
    void answerLikelihoodPicksTheAnswerWithTheHighestMeanLogProbabilityOfItsTokens() throws IOException {
        GPT model = new GPT(CONFIG, 11);
        String[] contexts = {"the cat sat on the mat.", "the dog sat", "a bird flew", "the friends", "it is", "a box"};
        String[][] answers = {{"it was happy.", "the dog flew over the hill.", "no"}, {"on the log.", "home"},
            {"over the hill.", "sad"}, {"went home.", "sat on the mat."}, {"too big for the box.", "happy"},
            {"is large.", "the dog was sad."}};
        List<String> rows = new ArrayList<>();
        boolean sumWouldDiffer = false;
        for (int row = 0; row < contexts.length; row++) {
            double[][] logProbabilities = new double[answers[row].length][];
            for (int a = 0; a < answers[row].length; a++) {
                logProbabilities[a] = byHand(model, new Continuation(TOKENIZER.encode("\n\n" + contexts[row]),
                        TOKENIZER.encode(" " + answers[row][a])));
            }
            int picked = argmax(Arrays.stream(logProbabilities).mapToDouble(ZeroShotEvaluationTest::mean).toArray());
            sumWouldDiffer |= picked != argmax(Arrays.stream(logProbabilities).mapToDouble(ZeroShotEvaluationTest::sum)
                    .toArray());
            rows.add("{\"context\": \"" + contexts[row] + "\", \"answers\": [\"" + String.join("\", \"", answers[row])
                    + "\"], \"label\": " + picked + "}");
        }
        assertThat(sumWouldDiffer).as("a row where the sum would pick another answer").isTrue();
        ZeroShotTaskSpec spec = task("ending", ZeroShotHeuristic.ANSWER_LIKELIHOOD, write("ending.jsonl",
                rows.toArray(String[]::new)));

        ZeroShotScore score = evaluate(model, spec);
        assertThat(score.getAccuracy()).isEqualTo(1.0);
        assertThat(score.getChance()).isEqualTo((1.0 / 3 + 5 * 1.0 / 2) / 6, within(1e-12));
    }

    @Test
    void substitutionScoresTheTextAfterTheBlankWithEachCandidateInIt() throws IOException {
        ZeroShotTaskSpec spec = task("winograd", ZeroShotHeuristic.SUBSTITUTION, write("winograd.jsonl",
                "{\"context\": \"the box is too small for the cat because _ is large.\", \"answers\": [\"the box\", "
                        + "\"the cat\"], \"label\": 1}",
                "{\"context\": \"the dog sat on the log because _ was happy.\", \"answers\": [\"the dog\", "
                        + "\"the log\"], \"label\": 0}",
                "{\"context\": \"no blank here\", \"answers\": [\"a\", \"b\"], \"label\": 0}"));
        GPT model = new GPT(CONFIG, 13);

        String[][] rows = {{"the box is too small for the cat because ", " is large.", "the box", "the cat"},
                {"the dog sat on the log because ", " was happy.", "the dog", "the log"}};
        int[] labels = {1, 0};
        int correct = 0;
        for (int row = 0; row < 2; row++) {
            double[] sums = new double[2];
            for (int a = 0; a < 2; a++) {
                sums[a] = sum(byHand(model, new Continuation(TOKENIZER.encode("\n\n" + rows[row][0] + rows[row][2 + a]),
                        TOKENIZER.encode(rows[row][1]))));
            }
            correct += argmax(sums) == labels[row] ? 1 : 0;
        }
        ZeroShotTask task = ZeroShotTask.read(spec, "spec.evaluation.zeroShot[0]", TOKENIZER, CONTEXT);
        assertThat(task.summary()).contains("2 examples", "1 bad row", "exactly one _");
        assertThat(new ZeroShotEvaluation(List.of(task), 3).run(model, RankGroup.single(), 0).get(0).getAccuracy())
                .isEqualTo(correct / 2.0);
    }

    @Test
    void acceptabilityThresholdsTheMeanLogProbabilityWhereItClassifiesTheTrainRowsBest() throws IOException {
        ZeroShotTaskSpec spec = task("grammar", ZeroShotHeuristic.ACCEPTABILITY, write("eval.jsonl",
                "{\"text\": \"the cat sat on the mat.\", \"label\": \"yes\"}",
                "{\"text\": \"mat the on sat cat the.\", \"label\": \"no\"}",
                "{\"text\": \"the friends went home.\", \"label\": \"yes\"}"));
        spec.setTrain(write("train.jsonl",
                "{\"text\": \"the dog sat on the log.\", \"label\": \"yes\"}",
                "{\"text\": \"log the dog on sat.\", \"label\": \"no\"}",
                "{\"text\": \"a bird flew over the hill.\", \"label\": \"yes\"}",
                "{\"text\": \"hill bird the over a flew.\", \"label\": \"no\"}",
                "{\"text\": \"it is too big for the box.\", \"label\": \"yes\"}"));
        spec.setLabels(List.of("no", "yes"));
        GPT model = new GPT(CONFIG, 17);

        String[] train = {"the dog sat on the log.", "log the dog on sat.", "a bird flew over the hill.",
                "hill bird the over a flew.", "it is too big for the box."};
        int[] trainLabels = {1, 0, 1, 0, 1};
        double[] trainScores = Arrays.stream(train).mapToDouble(text -> meanOf(model, text)).toArray();
        // every candidate threshold, counted by brute force
        double bestThreshold = Double.NaN;
        int bestCorrect = -1;
        double[] candidates = Arrays.copyOf(trainScores, trainScores.length + 1);
        candidates[trainScores.length] = Math.nextUp(Arrays.stream(trainScores).max().orElseThrow());
        Arrays.sort(candidates);
        for (double candidate : candidates) {
            int correct = 0;
            for (int i = 0; i < train.length; i++) {
                correct += (trainScores[i] >= candidate ? 1 : 0) == trainLabels[i] ? 1 : 0;
            }
            if (correct > bestCorrect) {
                bestCorrect = correct;
                bestThreshold = candidate;
            }
        }
        String[] eval = {"the cat sat on the mat.", "mat the on sat cat the.", "the friends went home."};
        int[] evalLabels = {1, 0, 1};
        int correct = 0;
        for (int i = 0; i < eval.length; i++) {
            correct += (meanOf(model, eval[i]) >= bestThreshold ? 1 : 0) == evalLabels[i] ? 1 : 0;
        }

        ZeroShotScore score = evaluate(model, spec);
        assertThat(score.getThreshold()).isCloseTo(bestThreshold, within(1e-4));
        assertThat(score.getAccuracy()).isEqualTo(correct / 3.0);
    }

    @Test
    void twoRanksScoreExactlyWhatOneRankScores() throws Exception {
        ZeroShotTaskSpec choice = task("ending", ZeroShotHeuristic.ANSWER_LIKELIHOOD, write("ending.jsonl",
                "{\"context\": \"the cat sat\", \"answers\": [\"on the mat.\", \"over the hill.\"], \"label\": 0}",
                "{\"context\": \"the dog sat on\", \"answers\": [\"the log.\", \"the box.\", \"home\"], \"label\": 0}",
                "{\"context\": \"a bird\", \"answers\": [\"flew over the hill.\", \"sat.\"], \"label\": 0}",
                "{\"context\": \"the friends\", \"answers\": [\"went home.\", \"is large.\"], \"label\": 0}"));
        ZeroShotTaskSpec grammar = task("grammar", ZeroShotHeuristic.ACCEPTABILITY, write("grammar.jsonl",
                "{\"text\": \"the cat sat on the mat.\", \"label\": \"yes\"}",
                "{\"text\": \"mat the on sat cat the.\", \"label\": \"no\"}",
                "{\"text\": \"the friends went home.\", \"label\": \"yes\"}"));
        grammar.setLabels(List.of("no", "yes"));
        grammar.setTrain(grammar.getData());
        List<ZeroShotTask> tasks = List.of(
                ZeroShotTask.read(choice, "spec.evaluation.zeroShot[0]", TOKENIZER, CONTEXT),
                ZeroShotTask.read(grammar, "spec.evaluation.zeroShot[1]", TOKENIZER, CONTEXT));
        ZeroShotEvaluation evaluation = new ZeroShotEvaluation(tasks, 2);
        GPT alone = new GPT(CONFIG, 19);
        GPT rank0 = new GPT(CONFIG, 19);
        GPT rank1 = new GPT(CONFIG, 19);
        List<ZeroShotScore> single = evaluation.run(alone, RankGroup.single(), 3);

        List<List<ZeroShotScore>> ranks = InProcessRanks.onTwoRanks(DistributedSettings.defaults()
                .withCollectiveTimeout(Duration.ofSeconds(30)), group -> evaluation.run(group.rank() == 0 ? rank0
                        : rank1, group, 3));

        for (List<ZeroShotScore> scores : ranks) {
            for (int t = 0; t < tasks.size(); t++) {
                assertThat(scores.get(t)).usingRecursiveComparison().isEqualTo(single.get(t));
            }
        }
        assertThat(single.get(1).getThreshold()).isNotNull();
    }

    @Test
    void aFileWithoutAUsableRowIsRefusedNamingTheField() throws IOException {
        ZeroShotTaskSpec spec = task("winograd", ZeroShotHeuristic.SUBSTITUTION, write("none.jsonl",
                "{\"context\": \"no blank\", \"answers\": [\"a\", \"b\"], \"label\": 0}"));
        assertThatThrownBy(() -> ZeroShotTask.read(spec, "spec.evaluation.zeroShot[2]", TOKENIZER, CONTEXT))
                .isInstanceOfSatisfying(InvalidInputException.class, refused ->
                        assertThat(refused.field()).isEqualTo("spec.evaluation.zeroShot[2].data"))
                .hasMessageContaining("exactly one _");
    }

    private ZeroShotScore evaluate(GPT model, ZeroShotTaskSpec spec) {
        ZeroShotTask task = ZeroShotTask.read(spec, "spec.evaluation.zeroShot[0]", TOKENIZER, CONTEXT);
        return new ZeroShotEvaluation(List.of(task), 3).run(model, RankGroup.single(), 12).get(0);
    }

    private static ZeroShotTaskSpec task(String name, ZeroShotHeuristic heuristic, String data) {
        ZeroShotTaskSpec spec = new ZeroShotTaskSpec();
        spec.setName(name);
        spec.setHeuristic(heuristic);
        spec.setData(data);
        return spec;
    }

    private String write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines));
        return file.toString();
    }

    private static double meanOf(GPT model, String text) {
        double[] logProbabilities = byHand(model, new Continuation(TOKENIZER.encode("\n\n"), TOKENIZER.encode(text)));
        return mean(logProbabilities);
    }

    /** The log-softmax of the logits, one sequence at a time, read at each scored token. */
    private static double[] byHand(GPT model, Continuation continuation) {
        List<Integer> sequence = new ArrayList<>();
        Arrays.stream(continuation.prefix()).forEach(sequence::add);
        Arrays.stream(continuation.tokens()).forEach(sequence::add);
        List<Integer> kept = sequence.subList(Math.max(0, sequence.size() - CONTEXT - 1), sequence.size());
        int[][] tokens = new int[1][CONTEXT];
        for (int i = 0; i < kept.size() - 1; i++) {
            tokens[0][i] = kept.get(i);
        }
        model.setTraining(false);
        INDArray logits;
        try {
            logits = model.sameDiff().output(Map.of(GPT.TOKENS, Nd4j.createFromArray(tokens), GPT.TARGETS,
                    Nd4j.createFromArray(new int[1][CONTEXT])), GPT.LOGITS).get(GPT.LOGITS);
        } finally {
            model.setTraining(true);
        }
        int count = continuation.tokens().length;
        double[] logProbabilities = new double[count];
        for (int i = 0; i < count; i++) {
            int position = kept.size() - 1 - count + i;
            double[] row = logits.get(NDArrayIndex.point(0), NDArrayIndex.point(position), NDArrayIndex.all())
                    .toDoubleVector();
            double max = Arrays.stream(row).max().orElseThrow();
            double logSum = Math.log(Arrays.stream(row).map(v -> Math.exp(v - max)).sum()) + max;
            logProbabilities[i] = row[kept.get(position + 1)] - logSum;
        }
        return logProbabilities;
    }

    private static double sum(double[] values) {
        return Arrays.stream(values).sum();
    }

    private static double mean(double[] values) {
        return sum(values) / values.length;
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            best = values[i] > values[best] ? i : best;
        }
        return best;
    }
}
