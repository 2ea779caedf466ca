package io.kubegpt.trainer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    private static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("--ranks", "2");
        defaults.put("--bucket-mb", "25.0");
        defaults.put("--with-threads", "true");
        defaults.put("--name", "reference");
        return defaults;
    }

    @Test
    void givenOptionsOverrideTheirDefaultsAndTheOthersKeepThem() {
        BenchOptions options = BenchOptions.parse(new String[] {"--ranks", "4", "--with-threads", "false"}, DEFAULTS);

        assertThat(options.integer("--ranks")).isEqualTo(4);
        assertThat(options.bool("--with-threads")).isFalse();
        assertThat(options.number("--bucket-mb")).isEqualTo(25.0);
        assertThat(options.string("--name")).isEqualTo("reference");
    }

    @Test
    void anUnknownOptionIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rank", "4"}, DEFAULTS))
                .isInstanceOf(BenchOptions.InvalidOption.class)
                .hasMessage("unknown option --rank; the options are --ranks, --bucket-mb, --with-threads, --name");
    }

    @Test
    void anOptionWithoutAValueIsNamed() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--ranks"}, DEFAULTS))
                .isInstanceOf(BenchOptions.InvalidOption.class)
                .hasMessage("option --ranks needs a value");
    }

    @Test
    void aValueOfTheWrongTypeNamesItsOption() {
        BenchOptions options = BenchOptions.parse(
                new String[] {"--ranks", "two", "--bucket-mb", "big", "--with-threads", "yes"}, DEFAULTS);

        assertThatThrownBy(() -> options.integer("--ranks")).isInstanceOf(BenchOptions.InvalidOption.class)
                .hasMessage("option --ranks must be an integer, got two");
        assertThatThrownBy(() -> options.number("--bucket-mb")).isInstanceOf(BenchOptions.InvalidOption.class)
                .hasMessage("option --bucket-mb must be a number, got big");
        assertThatThrownBy(() -> options.bool("--with-threads")).isInstanceOf(BenchOptions.InvalidOption.class)
                .hasMessage("option --with-threads must be true or false, got yes");
    }

    @Test
    void theArgumentsParseBackToTheSameOptionsLessTheOmittedOnes() {
        BenchOptions options = BenchOptions.parse(new String[] {"--ranks", "3"}, DEFAULTS).with("--name", "child");

        assertThat(options.arguments("--with-threads"))
                .containsExactly("--ranks", "3", "--bucket-mb", "25.0", "--name", "child");
        BenchOptions reparsed = BenchOptions.parse(options.arguments().toArray(String[]::new), DEFAULTS);
        assertThat(reparsed.arguments()).isEqualTo(options.arguments());
        assertThat(options.with("--ranks", 5).integer("--ranks")).isEqualTo(5);
        assertThat(options.integer("--ranks")).isEqualTo(3);
    }
}
