package io.kubegpt.trainer.cli;

import io.kubegpt.api.trainer.TrainerCommandLine;
import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.api.v1alpha1.GPTJobStatus;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.trainer.ExitCodes;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.distributed.DistributedSettings;
import io.kubegpt.trainer.distributed.GlooRankGroup;
import io.kubegpt.trainer.distributed.JobAttempt;
import io.kubegpt.trainer.distributed.LocalLauncher;
import io.kubegpt.trainer.distributed.RankEnvironment;
import io.kubegpt.trainer.distributed.RankFailure;
import io.kubegpt.trainer.distributed.RankGroup;
import io.kubegpt.trainer.pretrain.PretrainRun;
import io.kubegpt.trainer.report.RunReport;
import io.kubegpt.trainer.spec.SpecReader;
import io.kubegpt.trainer.stop.StopRequest;
import io.kubegpt.trainer.train.TrainingProcess;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Pre-trains the GPTPretrain in FILE (the file kubectl apply takes) on this machine.",
            "With --local N, as N data-parallel ranks; with WORLD_SIZE > 1 in the environment, as one rank of that group."})
final class PretrainCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "A GPTPretrain resource (YAML).")
    Path file;

    @Mixin
    RunOptions run;

    @Mixin
    DistributedOptions distributed;

    @Option(names = "--resume", description = "Continue from the latest checkpoint in the output folder even when "
            + "spec.checkpoint.resume is false.")
    boolean resume;

    @Override
    public Integer call() {
        GPTPretrain job = SpecReader.pretrain(file, run.overrides);
        if (distributed.local > 1) {
            return launch(job);
        }
        if (distributed.local < 1) {
            throw new InvalidInputException(TrainerCommandLine.LOCAL, TrainerCommandLine.LOCAL + " must be at least 1, was "
                    + distributed.local);
        }
        return train(job, run, resume, distributed.settings());
    }

    static int train(GPTPretrain job, RunOptions run, boolean resume) {
        return train(job, run, resume, DistributedSettings.defaults());
    }

    /**
     * Trains alone, or as the rank the environment names (joining its group first); returns the exit code:
     * {@code STOPPED} after a stop on request, else 0.
     */
    static int train(GPTPretrain job, RunOptions run, boolean resume, DistributedSettings settings) {
        run.applyThreads();
        Path output = run.output(job.getMetadata().getName());
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
            RunReport report = new RunReport(output, console, run.threads);
            status = new PretrainRun(job, new PretrainRun.Options(output,
                    resume || job.getSpec().getCheckpoint().getResume()), report,
                    new TrainingProcess(group, settings, attempt, stop)).run();
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

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private int launch(GPTPretrain job) {
        int ranks = distributed.local;
        int threadsPerRank = Math.max(1, run.threads / ranks);
        Path output = run.output(job.getMetadata().getName()).toAbsolutePath();
        List<String> args = new ArrayList<>(List.of("pretrain", file.toAbsolutePath().toString(),
                TrainerCommandLine.OUTPUT + "=" + output, "--threads=" + threadsPerRank));
        run.overrides.forEach(override -> args.add("--set=" + override));
        if (resume) {
            args.add("--resume");
        }
        args.addAll(distributed.arguments());
        System.out.printf("starting %d ranks with %d thread%s each (logs in %s)%n", ranks, threadsPerRank,
                threadsPerRank == 1 ? "" : "s", output.resolve("logs"));
        // a rank notices a failed peer within the collective timeout (plus a few seconds to find out which)
        Duration grace = distributed.settings().collectiveTimeout().plusSeconds(20);
        return new LocalLauncher(new LocalLauncher.Plan(args, ranks, threadsPerRank, output.resolve("logs"), grace),
                System.getenv(), System.out, System.err).run();
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
