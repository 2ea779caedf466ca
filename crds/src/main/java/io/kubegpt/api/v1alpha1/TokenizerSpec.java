package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Byte-level BPE trained on the corpus, or an existing tokenizer to reuse. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TokenizerSpec {

    /** 256 byte tokens and the 4 special tokens reserved for fine-tuning; merges fill the rest. */
    public static final int MIN_VOCAB_SIZE = 260;

    @JsonPropertyDescription("Vocabulary size to train: 256 byte tokens + 4 special tokens + merges "
            + "(GPT-1: 40478). Ignored when path is set.")
    @Min(MIN_VOCAB_SIZE)
    @Max(1048576)
    private Integer vocabSize = 40478;

    @JsonPropertyDescription("Folder of a tokenizer to reuse instead of training one: vocab.json + merges.txt "
            + "(GPT-2 format), on the data volume.")
    private String path;

    @JsonPropertyDescription("The most bytes of the corpus's training part the tokenizer is trained on: all of it "
            + "when it is smaller, else evenly spaced pieces of whole lines across it (the default, 128 MiB, trains "
            + "40,478 tokens in under a minute on 2 cores, whatever the corpus size). Ignored when path is set.")
    @Min(1048576)
    private Long sampleBytes = 128L << 20;

    public Integer getVocabSize() {
        return vocabSize;
    }

    public void setVocabSize(Integer vocabSize) {
        this.vocabSize = vocabSize;
    }

    public Long getSampleBytes() {
        return sampleBytes;
    }

    public void setSampleBytes(Long sampleBytes) {
        this.sampleBytes = sampleBytes;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }
}
