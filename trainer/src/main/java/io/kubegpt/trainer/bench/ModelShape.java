package io.kubegpt.trainer.bench;

import io.kubegpt.trainer.model.GPTConfig;
import picocli.CommandLine.Option;

/** The model shape the benchmarks train, as command-line options; the defaults are the reference shape. */
public final class ModelShape {

    @Option(names = "--layers", defaultValue = "4", description = "Transformer blocks (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--d-model", defaultValue = "256", description = "Width (default: ${DEFAULT-VALUE}).")
    int dModel;

    @Option(names = "--heads", defaultValue = "8", description = "Attention heads (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--ffn", description = "Feed-forward width (default: 4 x d-model).")
    Integer ffn;

    @Option(names = "--context", defaultValue = "128", description = "Context length (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--vocab", defaultValue = "256", description = "Vocabulary size (default: ${DEFAULT-VALUE}).")
    int vocab;

    public GPTConfig config(double dropout) {
        return new GPTConfig(vocab, context, layers, dModel, heads, ffn != null ? ffn : 4 * dModel, dropout,
                GPTConfig.GPT1_INIT_STD);
    }
}
