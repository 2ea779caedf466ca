package io.kubegpt.operator.scale;

import io.kubegpt.operator.testing.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubegpt.api.v1alpha1.GPTPretrain;
import io.kubegpt.operator.testing.Jobs;
import io.kubegpt.operator.testing.TestCluster;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Applies {@value #JOBS} one-worker GPTPretrains with the packaged operator running as its own process against the
 * test API server, and prints the time until every worker pod exists and the operator's peak resident memory.
 * Excluded from the default build; run it after packaging:
 * {@code mvn -pl operator package -DskipTests && mvn -pl operator test -Dgroups=benchmark -DexcludedGroups= -Dtest=ScaleBenchmark}.
 * {@code -Dkubegpt.scale.jobs=N} and {@code -Dkubegpt.scale.jvm="-Xmx..."} change the count and the operator's JVM options.
 */
@Tag("benchmark")
class ScaleBenchmark {

    static final int JOBS = Integer.getInteger("kubegpt.scale.jobs", 500);
    static final Path OPERATOR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();

    @Test
    void fiveHundredJobs() throws Exception {
        assertThat(OPERATOR).as("the packaged operator; run mvn -pl operator package -DskipTests first").exists();
        TestCluster cluster = TestCluster.get();
        KubernetesClient client = cluster.client();
        String namespace = cluster.newNamespace("scale");
        Path kubeConfig = Files.createTempFile("kubegpt-scale", ".yaml");
        Files.writeString(kubeConfig, cluster.kubeConfigYaml());
        int port = FreePorts.next();

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        String jvm = System.getProperty("kubegpt.scale.jvm", "");
        if (!jvm.isBlank()) {
            command.addAll(List.of(jvm.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", OPERATOR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(Files.createTempFile("kubegpt-scale-operator", ".log").toFile());
        builder.environment().put("KUBECONFIG", kubeConfig.toString());
        builder.environment().put("KUBEGPT_NAMESPACES", namespace);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Process operator = builder.start();
        try {
            awaitReady(port);
            long idleRss = rssKb(operator, "VmRSS");

            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            IntStream.range(0, JOBS).forEach(i -> pool.execute(() -> {
                GPTPretrain job = Jobs.tiny("job-" + i);
                job.getMetadata().setNamespace(namespace);
                client.resource(job).create();
            }));
            pool.shutdown();
            assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
            double appliedSeconds = (System.nanoTime() - started) / 1e9;

            int pods = 0;
            while (pods < JOBS && System.nanoTime() - started < Duration.ofMinutes(10).toNanos()) {
                Thread.sleep(250);
                pods = client.pods().inNamespace(namespace).withLabel("kubegpt.io/kind", "GPTPretrain").list()
                        .getItems().size();
            }
            double allPodsSeconds = (System.nanoTime() - started) / 1e9;
            long peakRss = rssKb(operator, "VmHWM");
            System.out.printf(Locale.ROOT, "%nscale: %d GPTPretrains applied in %.1f s; all %d worker pods existed after "
                            + "%.1f s; operator RSS idle %d MB, peak %d MB (JVM options: %s)%n%n", JOBS, appliedSeconds,
                    pods, allPodsSeconds, idleRss / 1024, peakRss / 1024, jvm.isBlank() ? "defaults" : jvm);
            assertThat(pods).isEqualTo(JOBS);
            operator.destroy();
            assertThat(operator.waitFor(30, TimeUnit.SECONDS)).as("the operator stops on SIGTERM").isTrue();
        } finally {
            operator.destroyForcibly();
            client.namespaces().withName(namespace).delete();
        }
    }

    private static void awaitReady(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port
                        + "/q/health/ready").openConnection();
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the operator was not ready within 60 s");
    }

    private static long rssKb(Process process, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(line -> line.startsWith(field + ":"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(-1);
    }
}
