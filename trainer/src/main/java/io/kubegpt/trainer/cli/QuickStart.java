package io.kubegpt.trainer.cli;

import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.trainer.spec.SpecReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The no-argument run: {@code examples/pretrain-tiny-cpu.yaml}, bundled in the jar, trained into {@code runs/tiny},
 * then a sample of what it writes and the command that generates more.
 */
final class QuickStart implements Callable<Integer> {

    static final String EXAMPLE = "pretrain-tiny-cpu.yaml";
    private static final String PROMPT = "Once upon a time";
    private static final int SAMPLE_TOKENS = 120;

    @Override
    public Integer call() {
        GPTPretrain job;
        try (InputStream in = QuickStart.class.getResourceAsStream(EXAMPLE)) {
            job = SpecReader.pretrain(in, "examples/" + EXAMPLE, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunOptions run = new RunOptions();
        System.out.println("Training a tiny GPT on the bundled sample corpus (examples/" + EXAMPLE + ") into "
                + run.output(job.getMetadata().getName()) + "/ with " + run.threads + " threads.");
        int code = PretrainCommand.train(job, run, true);
        if (code != 0) {
            return code;
        }
        Path output = run.output(job.getMetadata().getName());
        System.out.println();
        System.out.println("What it writes now (temperature 0.8, top-k 40):");
        System.out.println();
        GenerateCommand.write(output, PROMPT, SAMPLE_TOKENS, 0.8, 40, 1);
        System.out.println();
        System.out.println("Generate more with it:");
        System.out.println("  java -jar trainer/target/kubegpt-trainer.jar generate --checkpoint " + output
                + " --prompt \"" + PROMPT + "\"");
        return 0;
    }
}
