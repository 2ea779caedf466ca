package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Shape of the transformer. The defaults are GPT-1's: 12 layers, 768 wide, 12 heads, context 512. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelSpec {

    @JsonPropertyDescription("Number of transformer blocks.")
    @Min(1)
    @Max(256)
    private Integer layers = 12;

    @JsonPropertyDescription("Width of the residual stream; must be divisible by heads.")
    @Min(8)
    @Max(65536)
    @JsonProperty("dModel")
    private Integer dModel = 768;

    @JsonPropertyDescription("Attention heads per block.")
    @Min(1)
    @Max(1024)
    private Integer heads = 12;

    @JsonPropertyDescription("Inner width of the feed-forward network (GPT-1: 4 x dModel).")
    @Min(1)
    @Max(262144)
    private Integer ffn = 3072;

    @JsonPropertyDescription("Context length in tokens.")
    @Min(2)
    @Max(65536)
    private Integer context = 512;

    @JsonPropertyDescription("Dropout on embeddings, residuals and attention, in [0, 1).")
    @Min(0)
    @Max(value = 1, inclusive = false)
    private Double dropout = 0.1;

    @JsonPropertyDescription("Standard deviation of the normal initialisation of weights.")
    @Min(value = 0, inclusive = false)
    @Max(1)
    private Double initStd = 0.02;

    public Integer getLayers() {
        return layers;
    }

    public void setLayers(Integer layers) {
        this.layers = layers;
    }

    @JsonProperty("dModel")
    public Integer getDModel() {
        return dModel;
    }

    @JsonProperty("dModel")
    public void setDModel(Integer dModel) {
        this.dModel = dModel;
    }

    public Integer getHeads() {
        return heads;
    }

    public void setHeads(Integer heads) {
        this.heads = heads;
    }

    public Integer getFfn() {
        return ffn;
    }

    public void setFfn(Integer ffn) {
        this.ffn = ffn;
    }

    public Integer getContext() {
        return context;
    }

    public void setContext(Integer context) {
        this.context = context;
    }

    public Double getDropout() {
        return dropout;
    }

    public void setDropout(Double dropout) {
        this.dropout = dropout;
    }

    public Double getInitStd() {
        return initStd;
    }

    public void setInitStd(Double initStd) {
        this.initStd = initStd;
    }
}
