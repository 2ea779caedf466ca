package io.kubegpt.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.api.v1alpha1.WorkersSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The collective timeout comes from the job's spec unless the command line sets it, and reaches every local rank. */
class DistributedOptionsTest {

    @Test
    void theCollectiveTimeoutIsTheSpecsSoACheckpointLongerThanFiveMinutesDoesNotBreakTheGang() {
        WorkersSpec workers = new WorkersSpec();
        workers.setCollectiveTimeoutSeconds(1800L);
        DistributedOptions options = parse();

        options.withDefaultsOf(workers);

        assertThat(options.settings().collectiveTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(options.arguments()).contains("--collective-timeout=1800");
    }

    @Test
    void aSpecWithoutTheFieldGetsFiveMinutes() {
        assertThat(parse().withDefaultsOf(new WorkersSpec()).settings().collectiveTimeout())
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theCommandLineWinsOverTheSpec() {
        WorkersSpec workers = new WorkersSpec();
        workers.setCollectiveTimeoutSeconds(1800L);

        DistributedOptions options = parse("--collective-timeout=60").withDefaultsOf(workers);

        assertThat(options.settings().collectiveTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    private static DistributedOptions parse(String... args) {
        DistributedOptions options = new DistributedOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }
}
