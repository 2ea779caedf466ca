package io.kubegpt.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Labelled train and evaluation files, JSONL or CSV, with the field names of the task. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FinetuneDataSpec {

    @JsonPropertyDescription("Training file: a path on the volume named by claimName, or builtin:NAME for a "
            + "dataset bundled with the trainer.")
    @Required
    @Pattern("^(/|builtin:)\\S+$")
    private String train;

    @JsonPropertyDescription("Evaluation file, in the same form as train.")
    @Pattern("^(/|builtin:)\\S+$")
    private String eval;

    @JsonPropertyDescription("jsonl or csv; taken from the file extension when unset.")
    private DataFormat format;

    @JsonPropertyDescription("PersistentVolumeClaim that holds the files; mounted read-only.")
    @Pattern(Patterns.DNS_SUBDOMAIN)
    private String claimName;

    public String getTrain() {
        return train;
    }

    public void setTrain(String train) {
        this.train = train;
    }

    public String getEval() {
        return eval;
    }

    public void setEval(String eval) {
        this.eval = eval;
    }

    public DataFormat getFormat() {
        return format;
    }

    public void setFormat(DataFormat format) {
        this.format = format;
    }

    public String getClaimName() {
        return claimName;
    }

    public void setClaimName(String claimName) {
        this.claimName = claimName;
    }
}
