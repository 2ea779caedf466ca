package io.kubegpt.trainer.finetune;

/**
 * The context a fine-tune builds its model with: its longest sequence rounded up to a multiple of {@link #MULTIPLE},
 * at most the base's, as OpenAI's finetune-transformer-lm does. Short tasks then cost a fraction of the base's full
 * context; the positions beyond the longest sequence would only hold padding, masked out of every loss.
 */
public final class FinetuneContext {

    public static final int MULTIPLE = 8;

    private FinetuneContext() {
    }

    public static int fitting(int longestSequence, int baseContext) {
        int rounded = (longestSequence + MULTIPLE - 1) / MULTIPLE * MULTIPLE;
        return Math.min(rounded, baseContext);
    }
}
