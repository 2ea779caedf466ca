package io.kubegpt.trainer.cli;

import io.kubegpt.api.trainer.TrainerCommandLine;
import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.trainer.ExitCodes;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.RankFailure;
import io.kubegpt.trainer.distributed.DistributedSettings;
import io.kubegpt.trainer.distributed.GlooRankGroup;
import io.kubegpt.trainer.distributed.JobAttempt;
import io.kubegpt.trainer.distributed.LocalLauncher;
import io.kubegpt.trainer.distributed.RankEnvironment;
import io.kubegpt.trainer.distributed.RankGroup;
import io.kubegpt.trainer.report.RunReport;
import io.kubegpt.trainer.stop.StopRequest;
import io.kubegpt.trainer.train.TrainingProcess;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a training command runs: with {@code --local N} it starts N rank processes of itself; otherwise it trains in
 * this process, alone or, with WORLD_SIZE > 1 in the environment, as one rank of that group.
 */
final class RankedRun {

    /** A run of the command, given this process's part in the job and the report rank 0 writes. */
    @FunctionalInterface
    interface Body {
        GPTJobStatus run(TrainingProcess process, RunReport report);
    }

    private RankedRun() {
    }

    /**
     * Runs {@code body} here, or as {@code --local} rank processes started with {@code commandArgs} (the command, its
     * file and its own options) plus the shared ones; returns the exit code.
     */
    static int run(List<String> commandArgs, RunOptions run, DistributedOptions distributed, Path output, Body body) {
        if (distributed.local < 1) {
            throw new InvalidInputException(TrainerCommandLine.LOCAL, TrainerCommandLine.LOCAL + " must be at least 1, was "
                    + distributed.local);
        }
        return distributed.local > 1 ? launch(commandArgs, run, distributed, output)
                : train(run, distributed.settings(), output, body);
    }

    /**
     * Trains alone, or as the rank the environment names (joining its group first); returns the exit code:
     * {@code STOPPED} after a stop on request, else 0.
     */
    static int train(RunOptions run, DistributedSettings settings, Path output, Body body) {
        run.applyThreads();
        StopRequest stop = StopRequest.onSignals(System.getenv(LocalLauncher.LAUNCHER_PID) == null);
        JobAttempt attempt = JobAttempt.from(System.getenv());
        Optional<RankEnvironment> env = RankEnvironment.from(System.getenv());
        exitWithLauncher();
        RankGroup group = env.<RankGroup>map(e -> GlooRankGroup.join(e, attempt, settings))
                .orElse(RankGroup.single());
        stop.beforeExit(() -> group.reportExit(TrainerExitCodes.STOPPED, "stopped on request before training began"));
        GPTJobStatus status;
        try {
            // rank 0 is the one view; the others keep quiet on the console (their output goes to their logs)
            PrintStream console = group.leader() ? System.out : new PrintStream(OutputStream.nullOutputStream());
            status = body.run(new TrainingProcess(group, settings, attempt, stop, run.threads),
                    new RunReport(output, console, run.threads));
        } catch (RuntimeException | Error e) {
            // the group is left open: the process exits now, and a broken group may not shut down cleanly
            group.reportFailure(e);
            if (group.leader() && group.worldSize() > 2 && e instanceof RankFailure) {
                // rank 0 serves the store the other survivors read to find the failed rank: give them a moment
                pause(Duration.ofSeconds(3));
            }
            throw e;
        }
        group.close();
        return ExitCodes.of(status);
    }

    private static int launch(List<String> commandArgs, RunOptions run, DistributedOptions distributed, Path output) {
        int ranks = distributed.local;
        int threadsPerRank = Math.max(1, run.threads / ranks);
        Path absolute = output.toAbsolutePath();
        List<String> args = new ArrayList<>(commandArgs);
        args.add(TrainerCommandLine.OUTPUT + "=" + absolute);
        args.add("--threads=" + threadsPerRank);
        run.overrides.forEach(override -> args.add("--set=" + override));
        args.addAll(distributed.arguments());
        System.out.printf("starting %d ranks with %d thread%s each (logs in %s)%n", ranks, threadsPerRank,
                threadsPerRank == 1 ? "" : "s", absolute.resolve("logs"));
        // a rank notices a failed peer within the collective timeout (plus a few seconds to find out which)
        Duration grace = distributed.settings().collectiveTimeout().plusSeconds(20);
        return new LocalLauncher(new LocalLauncher.Plan(args, ranks, threadsPerRank, absolute.resolve("logs"), grace),
                System.getenv(), System.out, System.err).run();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A rank started by {@code --local} stops when its launcher is gone, instead of training on alone. */
    private static void exitWithLauncher() {
        String pid = System.getenv(LocalLauncher.LAUNCHER_PID);
        if (pid == null || pid.isBlank()) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresentOrElse(
                launcher -> launcher.onExit().thenRun(() -> {
                    System.err.println("error: the launcher (pid " + pid + ") exited; stopping this rank");
                    Runtime.getRuntime().halt(RankFailure.EXIT_CODE);
                }),
                () -> Runtime.getRuntime().halt(RankFailure.EXIT_CODE));
    }
}
