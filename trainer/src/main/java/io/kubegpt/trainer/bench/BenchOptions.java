package io.kubegpt.trainer.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's command line: {@code --name value} pairs, each name one of the defaults' (which also give the
 * value of an option not given).
 */
final class BenchOptions {

    /** A command line the benchmark cannot run: the message names the option. */
    static final class InvalidOption extends IllegalArgumentException {

        InvalidOption(String message) {
            super(message);
        }
    }

    private final Map<String, String> values;

    private BenchOptions(Map<String, String> values) {
        this.values = values;
    }

    /** Fails naming the option for a name the defaults lack or a name without a value. */
    static BenchOptions parse(String[] args, Map<String, String> defaults) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (!defaults.containsKey(name)) {
                throw new InvalidOption("unknown option " + name + "; the options are "
                        + String.join(", ", defaults.keySet()));
            }
            if (i + 1 == args.length) {
                throw new InvalidOption("option " + name + " needs a value");
            }
            values.put(name, args[i + 1]);
        }
        return new BenchOptions(values);
    }

    String string(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new InvalidOption("no option " + name);
        }
        return value;
    }

    int integer(String name) {
        try {
            return Integer.parseInt(string(name));
        } catch (NumberFormatException e) {
            throw new InvalidOption("option " + name + " must be an integer, got " + string(name));
        }
    }

    double number(String name) {
        try {
            return Double.parseDouble(string(name));
        } catch (NumberFormatException e) {
            throw new InvalidOption("option " + name + " must be a number, got " + string(name));
        }
    }

    boolean bool(String name) {
        String value = string(name);
        if (!value.equals("true") && !value.equals("false")) {
            throw new InvalidOption("option " + name + " must be true or false, got " + value);
        }
        return Boolean.parseBoolean(value);
    }

    /** These options with {@code name} set to {@code value}. */
    BenchOptions with(String name, Object value) {
        Map<String, String> changed = new LinkedHashMap<>(values);
        changed.put(name, String.valueOf(value));
        return new BenchOptions(changed);
    }

    /** The command line that parses back to these options, leaving out {@code omitted}. */
    List<String> arguments(String... omitted) {
        List<String> arguments = new ArrayList<>();
        List<String> skip = Arrays.asList(omitted);
        values.forEach((name, value) -> {
            if (!skip.contains(name)) {
                arguments.add(name);
                arguments.add(value);
            }
        });
        return arguments;
    }
}
