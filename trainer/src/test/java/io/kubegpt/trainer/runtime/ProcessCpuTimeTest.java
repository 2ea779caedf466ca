package io.kubegpt.trainer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProcessCpuTimeTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void countsTheCpuTimeOfEveryThreadOfTheProcess() throws InterruptedException {
        AtomicLong workerNanos = new AtomicLong();
        long processBefore = ProcessCpuTime.nanos();
        long mainBefore = THREADS.getCurrentThreadCpuTime();
        Thread worker = new Thread(() -> {
            long before = THREADS.getCurrentThreadCpuTime();
            burn();
            workerNanos.set(THREADS.getCurrentThreadCpuTime() - before);
        });
        worker.start();
        burn();
        worker.join();
        long mainNanos = THREADS.getCurrentThreadCpuTime() - mainBefore;
        long processNanos = ProcessCpuTime.nanos() - processBefore;

        assertThat(mainNanos).isPositive();
        assertThat(workerNanos.get()).isPositive();
        assertThat(processNanos).isGreaterThanOrEqualTo(mainNanos + workerNanos.get());
    }

    private static void burn() {
        long until = THREADS.getCurrentThreadCpuTime() + 50_000_000L;
        while (THREADS.getCurrentThreadCpuTime() < until) {
            Thread.onSpinWait();
        }
    }
}
