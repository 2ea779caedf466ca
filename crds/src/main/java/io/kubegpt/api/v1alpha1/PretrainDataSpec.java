package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Where the pre-training corpus comes from. With neither url nor path, the sample corpus bundled in the trainer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PretrainDataSpec {

    @JsonPropertyDescription("HTTP(S) URL of a UTF-8 text file to download. Exclusive with path.")
    @Pattern("^https?://\\S+$")
    private String url;

    @JsonPropertyDescription("A UTF-8 text file, or a folder of them, on the volume named by claimName. Exclusive with url.")
    @Pattern("^/\\S*$")
    private String path;

    @JsonPropertyDescription("PersistentVolumeClaim that holds path; mounted read-only.")
    @Pattern(Patterns.DNS_SUBDOMAIN)
    private String claimName;

    @JsonPropertyDescription("Fraction of the corpus held out for validation, in (0, 0.5].")
    @Min(value = 0, inclusive = false)
    @Max(0.5)
    private Double validationFraction = 0.01;

    @JsonPropertyDescription("Largest download of url accepted, in bytes; a larger corpus fails the job as invalid "
            + "input.")
    @Min(1)
    private Long maxDownloadBytes = 100L << 30;

    @JsonPropertyDescription("Seconds the download of url waits for the server to connect or to send more data "
            + "before the attempt fails and is retried.")
    @Min(1)
    @Max(3600)
    private Integer downloadTimeoutSeconds = 60;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getClaimName() {
        return claimName;
    }

    public void setClaimName(String claimName) {
        this.claimName = claimName;
    }

    public Double getValidationFraction() {
        return validationFraction;
    }

    public void setValidationFraction(Double validationFraction) {
        this.validationFraction = validationFraction;
    }

    public Long getMaxDownloadBytes() {
        return maxDownloadBytes;
    }

    public void setMaxDownloadBytes(Long maxDownloadBytes) {
        this.maxDownloadBytes = maxDownloadBytes;
    }

    public Integer getDownloadTimeoutSeconds() {
        return downloadTimeoutSeconds;
    }

    public void setDownloadTimeoutSeconds(Integer downloadTimeoutSeconds) {
        this.downloadTimeoutSeconds = downloadTimeoutSeconds;
    }
}
