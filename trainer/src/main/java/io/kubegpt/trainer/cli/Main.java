package io.kubegpt.trainer.cli;

import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.trainer.ExitCodes;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.RankFailure;
import io.kubegpt.trainer.runtime.NativeLibraries;
import io.kubegpt.trainer.runtime.NativeLibraries.NativeLoadFailure;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar kubegpt-trainer.jar [command]}. The process ends with one of the {@link ExitCodes}, which the
 * operator relies on; the help lists them.
 */
@Command(name = "kubegpt-trainer", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Pre-trains and fine-tunes GPT models the GPT-1 way.",
            "With no command, trains a tiny GPT on the bundled sample corpus (about a minute on 2 cores)."},
        subcommands = {PretrainCommand.class, FinetuneCommand.class, PrepareCommand.class, GenerateCommand.class,
            EvalCommand.class, ZeroShotCommand.class, AnalysisCommand.class, BenchCommand.class,
            NativesCommand.class},
        exitCodeListHeading = "%nExit codes:%n")
public final class Main implements Callable<Integer> {

    public static final int INVALID_INPUT = TrainerExitCodes.INVALID_INPUT;
    private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";
    /** Set when the run ended because its data-parallel group broke. */
    private static volatile boolean groupBroken;
    private static OutOfMemoryReport outOfMemory;

    public static void main(String[] args) {
        // before anything loads ND4J: the native binary this CPU can run, and OpenMP threads that yield the CPU
        NativeLibraries.configure();
        // log records (preparation and download progress) as one line each, unless configured otherwise
        if (System.getProperty(LOG_FORMAT) == null) {
            System.setProperty(LOG_FORMAT, "%4$s: %5$s%6$s%n");
        }
        outOfMemory = OutOfMemoryReport.of(System.getenv(), Runtime.getRuntime().maxMemory());
        Thread.setDefaultUncaughtExceptionHandler(Main::uncaught);
        int code = commandLine().execute(args);
        System.out.flush();
        System.err.flush();
        if (groupBroken) {
            // peers are gone or stuck: do not let native collective threads hold the exit up
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.getCommandSpec().usageMessage().exitCodeList(ExitCodes.meanings());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Optional<OutOfMemoryError> outOfMemory = ExitCodes.outOfMemory(e);
            if (outOfMemory.isPresent()) {
                throw outOfMemory.get(); // ends the process in uncaught(), as on any other thread
            }
            PrintWriter err = cmd.getErr();
            int code = ExitCodes.of(e);
            if (e instanceof InvalidInputException invalid) {
                err.println("error: " + invalid.field() + ": " + invalid.getMessage());
            } else if (code != ExitCodes.UNEXPECTED || e instanceof NativeLoadFailure) {
                // a failure the trainer knows says what went wrong in its message
                groupBroken = e instanceof RankFailure;
                err.println("error: " + e.getMessage());
            } else {
                err.println("error: " + e);
                e.printStackTrace(err);
            }
            return code;
        });
        return commandLine;
    }

    /**
     * A failure no thread caught is printed as the JVM would. Running out of memory, on any thread (picocli passes
     * errors of the command on, so the main thread's ends here too), ends the process with its own code: a process
     * that lost a thread to it is half alive.
     */
    private static void uncaught(Thread thread, Throwable e) {
        if (e instanceof OutOfMemoryError error) {
            outOfMemory.printAndHalt(error, System.err);
        }
        System.err.print("Exception in thread \"" + thread.getName() + "\" ");
        e.printStackTrace();
    }

    @Override
    public Integer call() {
        return new QuickStart().call();
    }
}
