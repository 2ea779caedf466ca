package io.kubegpt.trainer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DataParallelBenchmarkOptionsTest {

    private final StringWriter err = new StringWriter();

    @Test
    void givenOptionsOverrideTheirDefaultsAndTheOthersKeepThem() {
        DataParallelBenchmark benchmark = parse("--ranks", "4", "--with-threads", "false");

        assertThat(benchmark.ranks).isEqualTo(4);
        assertThat(benchmark.withThreads).isFalse();
        assertThat(benchmark.workload.bucketMegabytes).isEqualTo(25.0);
        assertThat(benchmark.workload.config().layers()).isEqualTo(4);
    }

    @Test
    void anUnknownOptionIsNamedWithTheKnownOneMeant() {
        assertThat(execute("--rank", "4")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--rank'").contains("Possible solutions: --ranks");
    }

    @Test
    void anOptionWithoutAValueIsNamed() {
        assertThat(execute("--ranks")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter for option '--ranks'");
    }

    @Test
    void aValueOfTheWrongTypeNamesItsOption() {
        assertThat(execute("--ranks", "two")).isEqualTo(2);
        assertThat(execute("--bucket-mb", "big")).isEqualTo(2);
        assertThat(execute("--with-threads", "yes")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--ranks': 'two' is not an int")
                .contains("Invalid value for option '--bucket-mb': 'big' is not a double")
                .contains("Invalid value for option '--with-threads': 'yes' is not a boolean");
    }

    @Test
    void theWorkloadsArgumentsParseBackToTheSameWorkload() {
        DataParallelBenchmark benchmark = parse("--layers", "3", "--bucket-mb", "0.5");

        assertThat(benchmark.workload.arguments()).containsExactlyInAnyOrder("--layers=3", "--d-model=256", "--heads=8",
                "--context=128", "--vocab=256", "--warmup=100", "--steps=40", "--bucket-mb=0.5");
        DataParallelBenchmark reparsed = parse(benchmark.workload.arguments().toArray(String[]::new));
        assertThat(reparsed.workload.arguments()).isEqualTo(benchmark.workload.arguments());
        assertThat(reparsed.workload.config()).isEqualTo(benchmark.workload.config());
    }

    private static DataParallelBenchmark parse(String... args) {
        DataParallelBenchmark benchmark = new DataParallelBenchmark();
        new CommandLine(benchmark).parseArgs(args);
        return benchmark;
    }

    private int execute(String... args) {
        return new CommandLine(new DataParallelBenchmark()).setErr(new PrintWriter(err, true)).execute(args);
    }
}
