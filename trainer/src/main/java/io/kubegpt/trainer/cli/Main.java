package io.kubegpt.trainer.cli;

import io.kubegpt.trainer.InvalidInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar kubegpt-trainer.jar [command]}. Exit codes, which the operator relies on: 0 done; 2 invalid spec or
 * input, which no retry can fix; anything else (1 for an unexpected error, or a signal) may be retried.
 */
@Command(name = "kubegpt-trainer", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Pre-trains and fine-tunes GPT models the GPT-1 way.",
            "With no command, trains a tiny GPT on the bundled sample corpus (about a minute on 2 cores)."},
        subcommands = {PretrainCommand.class, FinetuneCommand.class, PrepareCommand.class, GenerateCommand.class, EvalCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "2:invalid spec or input (retrying cannot help)",
            "1:unexpected error (may be retried)"})
public final class Main implements Runnable {

    public static final int INVALID_INPUT = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof InvalidInputException invalid) {
                err.println("error: " + invalid.field() + ": " + invalid.getMessage());
                return INVALID_INPUT;
            }
            err.println("error: " + e);
            e.printStackTrace(err);
            return 1;
        });
        return commandLine;
    }

    @Override
    public void run() {
        new QuickStart().run();
    }
}
