package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * Evaluation and speed results. Pre-training fills the language-model fields; fine-tuning the task metrics,
 * with its main metric named in {@code metric} and valued in {@code score}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Benchmark {

    private Double validationLoss;
    @JsonPropertyDescription("Token perplexity on the held-out split: exp of the mean validation loss per token, in "
            + "tokens of this run's byte-level BPE. Not comparable to GPT-1's 18.4 on BooksCorpus, measured with "
            + "another tokenizer on another corpus.")
    private Double perplexity;
    /** Training tokens per second over all ranks. */
    private Double tokensPerSecond;
    private Double tokensPerSecondPerWorker;
    /**
     * Model FLOPs utilisation of one rank, in [0, 1]: its share of the training FLOP/s (tokensPerSecondPerWorker x
     * FLOPs per token) over the peak of the device it runs on, a measured FP32 matrix product through the model's own
     * matmul op with the rank's threads.
     */
    private Double mfu;
    private Long parameters;
    /** e.g. "cpu (2 threads)" or "NVIDIA H100 80GB HBM3". */
    private String device;
    /** ND4J backend, e.g. "nd4j-native linux-x86_64-onednn-avx2". */
    private String backend;

    private String metric;
    private Double score;
    private Double bestScore;
    private Double bestEpoch;
    private Double accuracy;
    private Double f1;
    private Double matthews;
    private Double pearson;
    private Double spearman;
    @JsonPropertyDescription("Pre-training: the latest zero-shot score of each task of spec.evaluation.zeroShot.")
    private List<ZeroShotScore> zeroShot;

    public Double getValidationLoss() {
        return validationLoss;
    }

    public void setValidationLoss(Double validationLoss) {
        this.validationLoss = validationLoss;
    }

    public Double getPerplexity() {
        return perplexity;
    }

    public void setPerplexity(Double perplexity) {
        this.perplexity = perplexity;
    }

    public Double getTokensPerSecond() {
        return tokensPerSecond;
    }

    public void setTokensPerSecond(Double tokensPerSecond) {
        this.tokensPerSecond = tokensPerSecond;
    }

    public Double getTokensPerSecondPerWorker() {
        return tokensPerSecondPerWorker;
    }

    public void setTokensPerSecondPerWorker(Double tokensPerSecondPerWorker) {
        this.tokensPerSecondPerWorker = tokensPerSecondPerWorker;
    }

    public Double getMfu() {
        return mfu;
    }

    public void setMfu(Double mfu) {
        this.mfu = mfu;
    }

    public Long getParameters() {
        return parameters;
    }

    public void setParameters(Long parameters) {
        this.parameters = parameters;
    }

    public String getDevice() {
        return device;
    }

    public void setDevice(String device) {
        this.device = device;
    }

    public String getBackend() {
        return backend;
    }

    public void setBackend(String backend) {
        this.backend = backend;
    }

    public String getMetric() {
        return metric;
    }

    public void setMetric(String metric) {
        this.metric = metric;
    }

    public Double getScore() {
        return score;
    }

    public void setScore(Double score) {
        this.score = score;
    }

    public Double getBestScore() {
        return bestScore;
    }

    public void setBestScore(Double bestScore) {
        this.bestScore = bestScore;
    }

    public Double getBestEpoch() {
        return bestEpoch;
    }

    public void setBestEpoch(Double bestEpoch) {
        this.bestEpoch = bestEpoch;
    }

    public Double getAccuracy() {
        return accuracy;
    }

    public void setAccuracy(Double accuracy) {
        this.accuracy = accuracy;
    }

    public Double getF1() {
        return f1;
    }

    public void setF1(Double f1) {
        this.f1 = f1;
    }

    public Double getMatthews() {
        return matthews;
    }

    public void setMatthews(Double matthews) {
        this.matthews = matthews;
    }

    public Double getPearson() {
        return pearson;
    }

    public void setPearson(Double pearson) {
        this.pearson = pearson;
    }

    public Double getSpearman() {
        return spearman;
    }

    public void setSpearman(Double spearman) {
        this.spearman = spearman;
    }

    public List<ZeroShotScore> getZeroShot() {
        return zeroShot;
    }

    public void setZeroShot(List<ZeroShotScore> zeroShot) {
        this.zeroShot = zeroShot;
    }
}
