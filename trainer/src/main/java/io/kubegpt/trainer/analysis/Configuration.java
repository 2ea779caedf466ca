package io.kubegpt.trainer.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One fine-tune of the analysis: {@code layers} of the base's blocks transferred ({@code null}: from scratch, nothing
 * transferred) and the auxiliary language-model weight (0: without the objective).
 */
public record Configuration(Integer layers, double auxLmWeight) {

    /**
     * From scratch with the auxiliary objective, then 0 to {@code baseLayers} blocks transferred with it, then the
     * same without it.
     */
    static List<Configuration> all(int baseLayers, double auxLmWeight) {
        List<Configuration> all = new ArrayList<>(List.of(new Configuration(null, auxLmWeight)));
        for (double weight : new double[] {auxLmWeight, 0}) {
            for (int layers = 0; layers <= baseLayers; layers++) {
                all.add(new Configuration(layers, weight));
            }
        }
        return all;
    }

    public boolean fromScratch() {
        return layers == null;
    }

    public boolean withAuxLm() {
        return auxLmWeight > 0;
    }

    /** The spec overrides ({@code --set} style) that make a fine-tune this configuration. */
    List<String> overrides() {
        List<String> overrides = new ArrayList<>(List.of("training.auxLmWeight=" + auxLmWeight));
        if (layers != null) {
            overrides.add("base.layers=" + layers);
        }
        return overrides;
    }

    /** The folder of its run, under the analysis's output. */
    String folder() {
        return (fromScratch() ? "scratch" : "layers-" + layers) + (withAuxLm() ? "-lm" : "-no-lm");
    }

    /** As the table names it, e.g. "2 layers, aux LM 0.5" or "from scratch, no aux LM". */
    public String describe() {
        String transferred = fromScratch() ? "from scratch"
                : layers == 0 ? "0 layers (embeddings)" : layers + (layers == 1 ? " layer" : " layers");
        return transferred + ", " + (withAuxLm() ? String.format(Locale.ROOT, "aux LM %s", auxLmWeight)
                : "no aux LM");
    }
}
