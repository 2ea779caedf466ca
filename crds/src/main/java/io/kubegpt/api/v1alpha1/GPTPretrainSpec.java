package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Unsupervised language-model pre-training; every default is the GPT-1 paper's. */
public class GPTPretrainSpec extends GPTJobSpec {

    @JsonPropertyDescription("Shape of the transformer.")
    private ModelSpec model = new ModelSpec();

    @JsonPropertyDescription("The BPE tokenizer to train or reuse.")
    private TokenizerSpec tokenizer = new TokenizerSpec();

    @JsonPropertyDescription("The corpus.")
    private PretrainDataSpec data = new PretrainDataSpec();

    @JsonPropertyDescription("Optimisation.")
    private PretrainTrainingSpec training = new PretrainTrainingSpec();

    public ModelSpec getModel() {
        return model;
    }

    public void setModel(ModelSpec model) {
        this.model = model;
    }

    public TokenizerSpec getTokenizer() {
        return tokenizer;
    }

    public void setTokenizer(TokenizerSpec tokenizer) {
        this.tokenizer = tokenizer;
    }

    public PretrainDataSpec getData() {
        return data;
    }

    public void setData(PretrainDataSpec data) {
        this.data = data;
    }

    @Override
    public PretrainTrainingSpec getTraining() {
        return training;
    }

    public void setTraining(PretrainTrainingSpec training) {
        this.training = training;
    }
}
