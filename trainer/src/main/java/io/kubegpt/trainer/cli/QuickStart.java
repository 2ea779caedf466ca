package io.kubegpt.trainer.cli;

import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.trainer.spec.SpecReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The no-argument run: {@code examples/pretrain-tiny-cpu.yaml}, bundled in the jar, trained into {@code runs/tiny},
 * then the command that generates text from it.
 */
final class QuickStart implements Callable<Integer> {

    static final String EXAMPLE = "pretrain-tiny-cpu.yaml";

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
        System.out.println();
        System.out.println("Generate text with it:");
        System.out.println("  java -jar trainer/target/kubegpt-trainer.jar generate --checkpoint "
                + run.output(job.getMetadata().getName()) + " --prompt \"Once upon a time\"");
        return 0;
    }
}
