package io.kubegpt.operator.testing;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test jobs built from the examples the users apply. */
public final class Jobs {

    public static final Path EXAMPLES = Path.of("..", "examples");

    private Jobs() {
    }

    /** {@code examples/pretrain-tiny-cpu.yaml} under another name. */
    public static GPTPretrain tiny(String name) {
        try (InputStream in = Files.newInputStream(EXAMPLES.resolve("pretrain-tiny-cpu.yaml"))) {
            GPTPretrain job = Serialization.unmarshal(in, GPTPretrain.class);
            job.getMetadata().setName(name);
            return job;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
