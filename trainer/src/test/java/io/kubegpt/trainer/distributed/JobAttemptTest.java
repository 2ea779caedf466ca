package io.kubegpt.trainer.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.api.trainer.TrainerEnvironment;
import io.kubegpt.api.trainer.TrainerExitCodes;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.cli.TrainerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ranks as real trainer processes that the environment puts in a group, as the operator's pods: a rank of another
 * attempt, or of another job, that reaches rank 0's store fails at once, and rank 0 goes on waiting for its own.
 */
class JobAttemptTest {

    private static final String JOB = "6f1c2a9e-job";
    /** A JVM's start and the native libraries, on a busy machine: far less than the rendezvous timeout. */
    private static final Duration FAST = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @Test
    void readsTheOperatorsVariablesOrIsAttemptZeroOfNoJob() {
        JobAttempt attempt = JobAttempt.from(Map.of(TrainerEnvironment.JOB_UID, JOB, TrainerEnvironment.ATTEMPT, "3"));
        assertThat(attempt.storePrefix()).isEqualTo(JOB + "/3/");
        assertThat(attempt).hasToString("attempt 3 of job " + JOB);
        assertThat(JobAttempt.from(Map.of())).isEqualTo(new JobAttempt("", 0));
        assertThatThrownBy(() -> JobAttempt.from(Map.of(TrainerEnvironment.ATTEMPT, "two")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("KUBEGPT_ATTEMPT 'two' is not a number");
    }

    @Test
    void withASecretTheStoreKeysCannotBeComputedFromTheJobAndAttemptAndTheSecretIsNeverPrinted() {
        String secret = TrainerEnvironment.newRendezvousSecret();
        JobAttempt attempt = JobAttempt.from(Map.of(TrainerEnvironment.JOB_UID, JOB, TrainerEnvironment.ATTEMPT, "3",
                TrainerEnvironment.RENDEZVOUS_SECRET, secret));
        assertThat(attempt.storePrefix()).matches("kubegpt/[0-9a-f]{64}/").doesNotContain(JOB)
                .isEqualTo(new JobAttempt(JOB, 3, secret).storePrefix())
                .isNotEqualTo(new JobAttempt(JOB, 4, secret).storePrefix())
                .isNotEqualTo(new JobAttempt(JOB, 3, TrainerEnvironment.newRendezvousSecret()).storePrefix());
        assertThat(attempt).hasToString("attempt 3 of job " + JOB);
        assertThat(secret).hasSize(64).isNotEqualTo(TrainerEnvironment.newRendezvousSecret());
    }

    @Test
    void ranksOfAnotherAttemptOrJobFailFastAndTheCheckpointRecordsTheAttemptThatWroteIt() throws Exception {
        int port = LocalLauncher.freePort();
        try (TrainerProcess rank0 = rank(port, 0, JOB, 2)) {
            try (TrainerProcess stale = rank(port, 1, JOB, 1)) {
                assertThat(stale.awaitExit(FAST)).as(stale.output()).isEqualTo(TrainerExitCodes.RANK_FAILED);
                assertThat(stale.output()).contains("error: rank 1 of attempt 1 of job " + JOB + " cannot join rank 0 "
                        + "at 127.0.0.1:" + port + ", which runs attempt 2 of job " + JOB);
            }
            try (TrainerProcess otherJob = rank(port, 1, "another-job", 2)) {
                assertThat(otherJob.awaitExit(FAST)).as(otherJob.output()).isEqualTo(TrainerExitCodes.RANK_FAILED);
                assertThat(otherJob.output()).contains("error: rank 1 of attempt 2 of job another-job cannot join "
                        + "rank 0 at 127.0.0.1:" + port + ", which runs attempt 2 of job " + JOB);
            }
            assertThat(rank0.isAlive()).as(rank0.output()).isTrue();

            try (TrainerProcess rank1 = rank(port, 1, JOB, 2)) {
                assertThat(rank1.awaitExit(Duration.ofMinutes(4))).as(rank1.output()).isZero();
            }
            assertThat(rank0.awaitExit(Duration.ofMinutes(1))).as(rank0.output()).isZero();
        }
        Path checkpoints = dir.resolve("run").resolve(RunLayout.CHECKPOINTS);
        assertThat(ModelCheckpoint.state(checkpoints.resolve(Files.readString(checkpoints.resolve(RunLayout.LATEST))
                .trim())).attempt()).isEqualTo(2);
    }

    private TrainerProcess rank(int port, int rank, String job, int attempt) throws IOException {
        Path job0 = dir.resolve("tiny.yaml");
        Files.writeString(job0, "apiVersion: kubegpt.io/v1alpha1\nkind: GPTPretrain\nmetadata:\n  name: attempts\n");
        List<String> arguments = new ArrayList<>(List.of("pretrain", job0.toString(), "--output",
                dir.resolve("run").toString(), "--threads", "1", "--rendezvous-timeout=600"));
        for (String override : List.of("model.layers=1", "model.dModel=32", "model.heads=2", "model.ffn=128",
                "model.context=32", "tokenizer.vocabSize=300", "training.batchSize=8", "training.steps=10",
                "training.warmupSteps=2", "evaluation.everySteps=10", "evaluation.batches=1",
                "checkpoint.everySteps=10")) {
            arguments.addAll(List.of("--set", override));
        }
        return TrainerProcess.start(dir.resolve("rank-" + rank + "-" + job + "-" + attempt + ".log"), Map.of(
                TrainerEnvironment.MASTER_ADDR, "127.0.0.1", TrainerEnvironment.MASTER_PORT, Integer.toString(port),
                TrainerEnvironment.WORLD_SIZE, "2", TrainerEnvironment.RANK, Integer.toString(rank),
                TrainerEnvironment.JOB_UID, job, TrainerEnvironment.ATTEMPT, Integer.toString(attempt)), arguments);
    }
}
