package io.kubegpt.trainer.tokenizer;

/**
 * Tokens reserved for fine-tuning's input transformations (GPT-1 section 3.3). Their ids follow the 256 byte
 * tokens in a trained tokenizer; encoding raw text never produces them, even when the text contains the spelling.
 */
public enum SpecialToken {
    START("<|start|>"),
    DELIMITER("<|delimiter|>"),
    EXTRACT("<|extract|>"),
    PAD("<|pad|>");

    private final String spelling;

    SpecialToken(String spelling) {
        this.spelling = spelling;
    }

    /** How the token appears in {@code vocab.json} and in decoded text. */
    public String spelling() {
        return spelling;
    }

    /** The key in {@code special_tokens.json}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
