package io.kubegpt.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Supervised fine-tuning of a pre-trained GPT on a labelled task. */
@Group(GPTPretrain.GROUP)
@Version(GPTPretrain.VERSION)
@ShortNames("gptf")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Queue", jsonPath = ".status.queue", type = Type.STRING)
@AdditionalPrinterColumn(name = "Step", jsonPath = ".status.progress.step", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Total", jsonPath = ".status.progress.totalSteps", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Loss", jsonPath = ".status.progress.loss", type = Type.NUMBER)
@AdditionalPrinterColumn(name = "Score", jsonPath = ".status.benchmark.score", type = Type.NUMBER)
@AdditionalPrinterColumn(name = "Metric", jsonPath = ".status.benchmark.metric", type = Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class GPTFinetune extends CustomResource<GPTFinetuneSpec, GPTJobStatus> implements Namespaced {
}
