package io.kubegpt.trainer.cli;

import io.kubegpt.trainer.runtime.NativeLibraries;
import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.model.TextGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true, description = "Continues a prompt with a trained model.")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR",
            description = "A checkpoint folder, a checkpoints folder, or a run's output folder (its latest checkpoint).")
    Path checkpoint;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "Text to continue.")
    String prompt;

    @Option(names = "--tokens", defaultValue = "100", description = "Tokens to generate (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--temperature", defaultValue = "0.8",
            description = "Sampling temperature; 0 picks the likeliest token (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "40", description = "Sample among the k likeliest tokens (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--seed", defaultValue = "1", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        NativeLibraries.loadNd4j();
        write(checkpoint, prompt, tokens, temperature, topK, seed);
        return 0;
    }

    /** Prints the prompt and its continuation on stdout as it comes, then the speed on stderr. */
    static void write(Path checkpoint, String prompt, int tokens, double temperature, int topK, long seed) {
        Path folder = ModelCheckpoint.resolve(checkpoint);
        TextGenerator generator = new TextGenerator(ModelCheckpoint.model(folder), ModelCheckpoint.tokenizer(folder));
        System.out.print(prompt);
        long started = System.nanoTime();
        generator.generate(prompt, tokens, temperature, topK, seed, piece -> {
            System.out.print(piece);
            System.out.flush();
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.println();
        // on stderr, so that stdout is the text alone
        System.err.printf("generated %d tokens in %.2f s (%.0f tokens/s)%n", tokens, seconds, tokens / seconds);
    }
}
