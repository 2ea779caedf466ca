package io.kubegpt.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubegpt.api.v1alpha1.TaskType;
import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import io.kubegpt.trainer.tokenizer.SpecialToken;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InputTransformationTest {

    static final BpeTokenizer TOKENIZER = BpeTokenizer.train("the cat sat on the mat. the dog sat on the log. ", 300);
    static final int S = TOKENIZER.specialId(SpecialToken.START);
    static final int D = TOKENIZER.specialId(SpecialToken.DELIMITER);
    static final int E = TOKENIZER.specialId(SpecialToken.EXTRACT);

    final InputTransformation transformation = new InputTransformation(TOKENIZER, 32);

    static int[] concat(int[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToInt(java.util.Arrays::stream).toArray();
    }

    static int[] enc(String text) {
        return TOKENIZER.encode(text);
    }

    @Test
    void classificationIsStartTextExtract() {
        assertThat(transformation.classification("the cat")).containsExactly(concat(new int[] {S}, enc("the cat"), new int[] {E}));
    }

    @Test
    void entailmentIsStartPremiseDelimiterHypothesisExtract() {
        assertThat(transformation.entailment("the cat", "a dog")).containsExactly(
                concat(new int[] {S}, enc("the cat"), new int[] {D}, enc("a dog"), new int[] {E}));
    }

    @Test
    void similarityRunsBothOrders() {
        List<int[]> sequences = transformation.similarity("the cat", "a dog");
        assertThat(sequences).hasSize(2);
        assertThat(sequences.get(0)).containsExactly(concat(new int[] {S}, enc("the cat"), new int[] {D}, enc("a dog"), new int[] {E}));
        assertThat(sequences.get(1)).containsExactly(concat(new int[] {S}, enc("a dog"), new int[] {D}, enc("the cat"), new int[] {E}));
    }

    @Test
    void multipleChoiceIsOneSequencePerAnswer() {
        List<int[]> sequences = transformation.sequences(TaskType.MULTIPLE_CHOICE,
                Example.choice(1, "the cat", List.of("sat", "ran", "hid"), 0));
        assertThat(sequences).hasSize(3);
        for (int k = 0; k < 3; k++) {
            String answer = List.of("sat", "ran", "hid").get(k);
            assertThat(sequences.get(k)).containsExactly(concat(new int[] {S}, enc("the cat"), new int[] {D}, enc(answer), new int[] {E}));
        }
    }

    @Test
    void truncatesTheFrontOfTheContextNeverTheAnswer() {
        InputTransformation short8 = new InputTransformation(TOKENIZER, 8);
        int[] context = enc("the cat sat on the mat and the dog sat on the log");
        int[] answer = enc("the cat");
        int[] sequence = short8.entailment("the cat sat on the mat and the dog sat on the log", "the cat");
        assertThat(sequence).hasSize(8);
        int kept = 8 - 3 - answer.length;
        assertThat(sequence).containsExactly(concat(new int[] {S},
                java.util.Arrays.copyOfRange(context, context.length - kept, context.length), new int[] {D}, answer, new int[] {E}));
        String tooLong = String.join(" ", IntStream.range(0, 10).mapToObj(i -> "the log").toList());
        assertThatThrownBy(() -> short8.entailment("the cat", tooLong)).isInstanceOf(InputTransformation.TooLongException.class);
        assertThat(short8.classification(tooLong)).hasSize(8).startsWith(S).endsWith(E);
    }

    @Test
    void refusesATokenizerWithoutTheReservedTokens() {
        assertThat(TOKENIZER.hasSpecialTokens()).isTrue();
    }
}
