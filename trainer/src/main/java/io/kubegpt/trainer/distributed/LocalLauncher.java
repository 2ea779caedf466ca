package io.kubegpt.trainer.distributed;

import io.kubegpt.api.trainer.TrainerCommandLine;
import io.kubegpt.api.trainer.TrainerEnvironment;
import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.RankFailure;
import io.kubegpt.trainer.stop.StopSignals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs N ranks of the trainer as N processes of this same program on this machine, the way torchrun does:
 * each child gets {@code MASTER_ADDR}, {@code MASTER_PORT}, {@code WORLD_SIZE}, {@code RANK}, {@code LOCAL_RANK}
 * and {@code LOCAL_WORLD_SIZE} (PyTorchJob's names), and its share of the CPU threads. Rank 0's output is the one
 * view on the console; every rank's error output is shown prefixed with its rank, and all of a rank's output also
 * goes to {@code logs/rank-R.log}. When a rank fails, the others are given a grace period to notice (their
 * collectives fail within the collective timeout) and are then killed; the launcher returns a non-zero code and
 * names the rank that failed first.
 *
 * <p>A SIGTERM or SIGINT to the launcher (a pod's main process is the one Kubernetes signals) is passed on to every
 * rank as SIGTERM: the ranks agree on a step, rank 0 writes its checkpoint, and the launcher exits with
 * {@code STOPPED} once all of them did, waiting for them at most the grace period and killing those left. A second
 * signal kills the ranks at once.
 *
 * <p>Several GPUs in one pod: a worker with G GPUs runs {@code pretrain FILE --local G}; with {@code NODE_RANK}
 * (the pod's index) and {@code WORLD_SIZE} (replicas x G) and {@code MASTER_ADDR}/{@code MASTER_PORT} in its
 * environment, its children take ranks NODE_RANK x G + local index, and LOCAL_RANK picks each child's GPU. With
 * the CUDA backend Gloo reduces host memory, so gradients are staged to host (see {@link TorchTensors}); NCCL
 * would replace {@link GlooRankGroup} behind {@link RankGroup}.
 */
public final class LocalLauncher {

    /** Set for the children: a rank whose launcher is gone exits rather than training on alone. */
    public static final String LAUNCHER_PID = "KUBEGPT_LAUNCHER_PID";
    /**
     * The launcher's JVM options its ranks get too: memory, module access and system properties (such as JavaCPP's
     * cache folder). Not agents, debuggers, JMX ports or output files, which N ranks would claim at once, nor
     * {@code -XX:+ExitOnOutOfMemoryError}, whose exit code 3 would make a rank that ran out of heap look like one
     * whose peer failed (a rank reports running out of heap itself, with its own code).
     */
    private static final List<String> FORWARDED_OPTIONS = List.of("-Xmx", "-Xms", "-Xss", "-XX:MaxDirectMemorySize",
            "--add-opens", "--add-exports", "-D");

    /** What to run: the rank's program arguments, how many ranks, threads each, where logs go, how long to wait. */
    public record Plan(List<String> rankArguments, int ranks, int threadsPerRank, Path logs, Duration grace) {
    }

    private final Plan plan;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final List<Process> processes = new ArrayList<>();
    private final List<Thread> pumps = new ArrayList<>();
    private final List<Integer> rankNumbers = new ArrayList<>();
    /** When the launcher passed a stop request on to the ranks ({@link System#nanoTime()}), or -1. */
    private volatile long stopForwardedAt = -1;

    public LocalLauncher(Plan plan, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (plan.ranks() < 1) {
            throw new IllegalArgumentException(TrainerCommandLine.LOCAL + " needs at least 1 rank");
        }
        this.plan = plan;
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    /** The group the children form: this machine alone, or this pod's share of a larger group (see class doc). */
    static List<RankEnvironment> ranks(Map<String, String> env, int local) {
        String nodeRank = env.get(TrainerEnvironment.NODE_RANK);
        List<RankEnvironment> ranks = new ArrayList<>();
        if (nodeRank == null || nodeRank.isBlank() || env.get(TrainerEnvironment.WORLD_SIZE) == null) {
            int port = freePort();
            for (int rank = 0; rank < local; rank++) {
                ranks.add(new RankEnvironment("127.0.0.1", port, local, rank));
            }
            return ranks;
        }
        int node = RankEnvironment.integer(env, TrainerEnvironment.NODE_RANK);
        int world = RankEnvironment.integer(env, TrainerEnvironment.WORLD_SIZE);
        if (world % local != 0) {
            throw new InvalidInputException(TrainerEnvironment.WORLD_SIZE, "WORLD_SIZE " + world
                    + " is not a multiple of the " + local + " ranks per worker");
        }
        for (int i = 0; i < local; i++) {
            ranks.add(new RankEnvironment(env.get(TrainerEnvironment.MASTER_ADDR),
                    RankEnvironment.integer(env, TrainerEnvironment.MASTER_PORT), world,
                    TrainerEnvironment.rank(node, local, i)));
        }
        return ranks;
    }

    /**
     * Starts the ranks, streams their output, and returns 0 when all succeed, {@code STOPPED} when all stopped on
     * request, else the failing rank's code.
     */
    public int run() {
        start();
        Thread cleanup = new Thread(this::destroyAll, "launcher-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        StopSignals.install(this::forwardStop, true);
        try {
            return await();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /**
     * The secret the ranks meet with: the one this launcher was given, else, when its children are the whole group,
     * a fresh one, so no other program on this machine can join or fail them through rank 0's port.
     */
    private String rendezvousSecret(List<RankEnvironment> ranks) {
        String given = environment.get(TrainerEnvironment.RENDEZVOUS_SECRET);
        if (given != null && !given.isBlank()) {
            return given.trim();
        }
        return ranks.size() == ranks.get(0).worldSize() ? TrainerEnvironment.newRendezvousSecret() : "";
    }

    public void start() {
        try {
            Files.createDirectories(plan.logs());
            List<RankEnvironment> ranks = ranks(environment, plan.ranks());
            String secret = rendezvousSecret(ranks);
            for (int local = 0; local < ranks.size(); local++) {
                RankEnvironment rank = ranks.get(local);
                ProcessBuilder builder = new ProcessBuilder(command());
                Map<String, String> env = builder.environment();
                env.putAll(rank.variables());
                env.put(TrainerEnvironment.RENDEZVOUS_SECRET, secret);
                env.put(TrainerEnvironment.LOCAL_RANK, Integer.toString(local));
                env.put(TrainerEnvironment.LOCAL_WORLD_SIZE, Integer.toString(plan.ranks()));
                env.put("OMP_NUM_THREADS", Integer.toString(plan.threadsPerRank()));
                env.put("OPENBLAS_NUM_THREADS", Integer.toString(plan.threadsPerRank()));
                env.putIfAbsent("TORCH_CPP_LOG_LEVEL", "ERROR");
                env.put(LAUNCHER_PID, Long.toString(ProcessHandle.current().pid()));
                Process process = builder.start();
                processes.add(process);
                rankNumbers.add(rank.rank());
                Writer log = Files.newBufferedWriter(plan.logs().resolve("rank-" + rank.rank() + ".log"),
                        StandardCharsets.UTF_8);
                String prefix = "[rank " + rank.rank() + "] ";
                pump(process.getInputStream(), log, local == 0 ? out::println : line -> { });
                pump(process.getErrorStream(), log, line -> err.println(prefix + line));
            }
        } catch (IOException e) {
            destroyAll();
            throw new UncheckedIOException("cannot start the ranks", e);
        }
    }

    /** The rank processes, by local index (for tests and tools). */
    public List<Process> processes() {
        return List.copyOf(processes);
    }

    /** Passes a stop request on to every rank as SIGTERM. */
    private void forwardStop(String signal) {
        err.println("launcher: " + signal + ": asking the " + processes.size() + " ranks to stop after a checkpoint"
                + " (a second signal kills them)");
        stopForwardedAt = System.nanoTime();
        // through the handle: Process.destroy would also close the pipes, and the ranks' last lines would be lost
        processes.forEach(process -> process.toHandle().destroy());
    }

    /**
     * Waits for every rank; after the first failure, or once a stop request was passed on, waits at most the grace
     * period for the rest.
     */
    public int await() {
        int n = processes.size();
        Integer[] codes = new Integer[n];
        boolean[] killed = new boolean[n];
        List<Integer> exitOrder = new ArrayList<>();
        long failedAt = -1;
        while (exitOrder.size() < n) {
            for (int i = 0; i < n; i++) {
                if (codes[i] == null && !processes.get(i).isAlive()) {
                    codes[i] = processes.get(i).exitValue();
                    exitOrder.add(i);
                    if (codes[i] != 0 && failedAt < 0) {
                        failedAt = System.nanoTime();
                    }
                }
            }
            long waitingSince = failedAt >= 0 ? failedAt : stopForwardedAt;
            if (waitingSince >= 0 && System.nanoTime() - waitingSince > plan.grace().toNanos()) {
                for (int i = 0; i < n; i++) {
                    if (codes[i] == null) {
                        killed[i] = true;
                        processes.get(i).destroyForcibly();
                    }
                }
            }
            sleep(50);
        }
        for (Thread pump : pumps) {
            try {
                pump.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return summarize(codes, killed, exitOrder);
    }

    private int summarize(Integer[] codes, boolean[] killed, List<Integer> exitOrder) {
        if (Arrays.stream(codes).allMatch(code -> code == TrainerExitCodes.STOPPED)) {
            out.println("all " + codes.length + " ranks stopped on request (exit code " + TrainerExitCodes.STOPPED + ")");
            return TrainerExitCodes.STOPPED;
        }
        int primary = -1;
        // the rank at fault: one that failed on its own, else one that had to be killed (hung), else the first to fail
        for (int i : exitOrder) {
            if (codes[i] != 0 && !killed[i] && codes[i] != RankFailure.EXIT_CODE) {
                primary = i;
                break;
            }
        }
        for (int i = 0; primary < 0 && i < codes.length; i++) {
            if (killed[i]) {
                primary = i;
            }
        }
        for (int i : exitOrder) {
            if (primary < 0 && codes[i] != 0) {
                primary = i;
            }
        }
        if (primary < 0) {
            return 0;
        }
        int rank = rankOf(primary);
        StringBuilder message = new StringBuilder("error: rank ").append(rank);
        if (killed[primary]) {
            message.append(" did not finish within ").append(plan.grace().toSeconds()).append(stopForwardedAt >= 0
                    ? " s after the stop request and was killed" : " s after another rank failed (hung) and was killed");
        } else {
            message.append(" failed with exit code ").append(codes[primary]).append(meaning(codes[primary]));
        }
        for (int i = 0; i < codes.length; i++) {
            if (i != primary && codes[i] != 0) {
                message.append("; rank ").append(rankOf(i)).append(killed[i] ? " was killed after the grace period"
                        : " exited with code " + codes[i]);
            }
        }
        message.append(" (logs in ").append(plan.logs()).append(')');
        err.println(message);
        int code = codes[primary];
        return killed[primary] || code == 0 ? RankFailure.EXIT_CODE : code;
    }

    private int rankOf(int local) {
        return rankNumbers.get(local);
    }

    private static String meaning(int code) {
        String meaning = TrainerExitCodes.meaning(code);
        return meaning.isEmpty() ? "" : " (" + meaning + ")";
    }

    /** Which of the launcher's JVM options {@code launcher} its ranks get too. */
    static List<String> forwardedOptions(List<String> launcher) {
        return launcher.stream().filter(option -> FORWARDED_OPTIONS.stream().anyMatch(option::startsWith)
                && !option.startsWith("-Dcom.sun.management")).toList();
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(forwardedOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.kubegpt.trainer.cli.Main");
        command.addAll(plan.rankArguments());
        return command;
    }

    private void pump(InputStream stream, Writer log, Consumer<String> sink) {
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(line);
                    synchronized (log) {
                        log.write(line);
                        log.write('\n');
                        log.flush();
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "rank-output");
        pump.setDaemon(true);
        pump.start();
        pumps.add(pump);
    }

    private void destroyAll() {
        for (Process process : processes) {
            process.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the ranks", e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the rendezvous", e);
        }
    }
}
