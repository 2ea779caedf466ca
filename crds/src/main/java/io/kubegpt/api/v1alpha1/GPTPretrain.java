package io.kubegpt.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Unsupervised pre-training of a GPT language model. */
@Group(GPTPretrain.GROUP)
@Version(GPTPretrain.VERSION)
@ShortNames("gptp")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Queue", jsonPath = ".status.queue", type = Type.STRING)
@AdditionalPrinterColumn(name = "Step", jsonPath = ".status.progress.step", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Total", jsonPath = ".status.progress.totalSteps", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Loss", jsonPath = ".status.progress.loss", type = Type.NUMBER)
@AdditionalPrinterColumn(name = "Perplexity", jsonPath = ".status.benchmark.perplexity", type = Type.NUMBER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class GPTPretrain extends CustomResource<GPTPretrainSpec, GPTJobStatus> implements Namespaced {

    public static final String GROUP = "kubegpt.io";
    public static final String VERSION = "v1alpha1";

    @Override
    protected GPTPretrainSpec initSpec() {
        return new GPTPretrainSpec();
    }
}
