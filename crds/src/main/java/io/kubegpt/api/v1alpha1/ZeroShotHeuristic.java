package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a zero-shot task is scored by the language model alone (GPT-1 section 5, "zero-shot behaviors"). Every score is
 * a sum or mean of the model's token log-probabilities; nothing is trained.
 */
public enum ZeroShotHeuristic {
    /**
     * Classification: the label whose word is likeliest after the text and the prompt (the paper appends "very" and
     * compares "positive" with "negative"). A label word of several tokens scores the sum of their log-probabilities.
     */
    @JsonProperty("labelWord")
    LABEL_WORD,
    /** Multiple choice: the answer whose tokens have the highest mean log-probability after the context. */
    @JsonProperty("answerLikelihood")
    ANSWER_LIKELIHOOD,
    /**
     * Winograd-style choice: the context holds one {@code _}; each answer replaces it and scores the summed
     * log-probability of the text after it.
     */
    @JsonProperty("substitution")
    SUBSTITUTION,
    /**
     * Linguistic acceptability: a text is acceptable (the second label) when its mean token log-probability is at or
     * above a threshold chosen on the train file, else unacceptable (the first).
     */
    @JsonProperty("acceptability")
    ACCEPTABILITY;

    /** Whether the data are multiple-choice rows (context, answers, label) rather than labelled texts. */
    public boolean choosesAnAnswer() {
        return this == ANSWER_LIKELIHOOD || this == SUBSTITUTION;
    }
}
