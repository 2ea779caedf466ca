package io.kubegpt.api.trainer;

import java.util.ArrayList;
import java.util.List;

/**
 * The trainer's command line as the operator starts it: {@code java -jar <jar> <command> <job file> --output <run
 * folder> [--base <checkpoint>] [--local <ranks>]}.
 *
 * @param base the checkpoint a fine-tune starts from; null for none
 * @param localRanks ranks this process launches, one per GPU; 1 runs the rank itself
 */
public record TrainerCommandLine(String jar, String command, String jobFile, String output, String base,
        int localRanks) {

    public static final String OUTPUT = "--output";
    public static final String BASE = "--base";
    public static final String LOCAL = "--local";
    /** The arguments after {@code java}. */
    public List<String> args() {
        List<String> args = new ArrayList<>(List.of("-jar", jar, command, jobFile, OUTPUT, output));
        if (base != null) {
            args.addAll(List.of(BASE, base));
        }
        if (localRanks > 1) {
            args.addAll(List.of(LOCAL, Integer.toString(localRanks)));
        }
        return args;
    }
}
