package io.kubegpt.trainer.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trainer's CLI in a JVM of its own, as a pod runs it: signals reach it as they would there, its standard output
 * and error go to one file, and its exit code is the trainer's. It gets the test JVM's native-library cache.
 */
public final class TrainerProcess implements AutoCloseable {

    private static final List<String> FORWARDED_PROPERTIES = List.of("org.bytedeco.javacpp.cachedir");

    private final Process process;
    private final Path log;

    private TrainerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java ... Main arguments} with {@code environment} added to this JVM's; output into {@code log}. */
    public static TrainerProcess start(Path log, Map<String, String> environment, List<String> arguments)
            throws IOException {
        return start(log, "1g", environment, arguments);
    }

    /** As {@link #start(Path, Map, List)}, with a maximum heap of {@code maxHeap} ({@code -Xmx}). */
    public static TrainerProcess start(Path log, String maxHeap, Map<String, String> environment,
            List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + maxHeap));
        for (String property : FORWARDED_PROPERTIES) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new TrainerProcess(builder.start(), log);
    }

    /**
     * Waits until a line of the output matches {@code pattern} and returns its match; fails when the process ends
     * without one, or at the deadline.
     */
    public Matcher awaitLine(Pattern pattern, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            boolean ended = !process.isAlive();
            for (String line : output().lines().toList()) {
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return matcher;
                }
            }
            if (ended || System.nanoTime() > deadline) {
                throw new AssertionError("no line matching '" + pattern + "' " + (ended ? "before the trainer exited "
                        + "with " + process.exitValue() : "within " + within.toSeconds() + " s") + ":\n" + output());
            }
            Thread.sleep(50);
        }
    }

    /** Sends SIGTERM, as Kubernetes does to suspend, preempt or drain. */
    public void terminate() {
        process.destroy();
    }

    /** The exit code, waiting at most {@code within}. */
    public int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the trainer did not exit within " + within.toSeconds() + " s:\n" + output());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        try {
            // decoded leniently: the file may end in the middle of a character being written
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        process.destroyForcibly();
    }
}
