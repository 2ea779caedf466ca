package io.kubegpt.trainer.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubegpt.api.trainer.TrainerEnvironment;
import io.kubegpt.trainer.RankFailure;
import io.kubegpt.trainer.optim.GradientBuffer;
import io.kubegpt.trainer.stop.StopRequest;
import io.kubegpt.trainer.train.TrainingLoop;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Two real Gloo process groups over loopback, one per thread (the collectives are the same as across processes). */
class GlooRankGroupTest {

    private static final DistributedSettings FAST = DistributedSettings.defaults()
            .withCollectiveTimeout(Duration.ofSeconds(3));

    @Test
    void allReduceSumsAKnownArrayInPlaceAndBroadcastCopiesTheRoot() throws Exception {
        List<double[]> results = InProcessRanks.onTwoRanks(FAST, group -> {
            INDArray array = Nd4j.arange(0, 12).castTo(DataType.FLOAT).reshape(3, 4).muli(group.rank() + 1);
            group.allReduceSum(array);
            INDArray root = Nd4j.createFromArray(new double[] {group.rank(), 10 + group.rank()});
            group.broadcast(root, 1);
            double[] both = new double[14];
            System.arraycopy(array.reshape(12).toDoubleVector(), 0, both, 0, 12);
            System.arraycopy(root.toDoubleVector(), 0, both, 12, 2);
            return both;
        });
        for (double[] result : results) {
            for (int i = 0; i < 12; i++) {
                assertThat(result[i]).isEqualTo(3.0 * i); // i*1 + i*2
            }
            assertThat(result[12]).isEqualTo(1.0);
            assertThat(result[13]).isEqualTo(11.0);
        }
    }

    @Test
    void bucketedReducerAveragesEveryGradientInAFewCallsWithoutCopying() throws Exception {
        List<double[]> results = InProcessRanks.onTwoRanks(FAST, group -> {
            SortedMap<String, INDArray> parameters = new TreeMap<>();
            parameters.put("a", Nd4j.zeros(DataType.FLOAT, 300));   // 1,200 bytes: a bucket of its own
            parameters.put("b", Nd4j.zeros(DataType.FLOAT, 2, 50)); // b and c fit one 1,024-byte bucket
            parameters.put("c", Nd4j.zeros(DataType.FLOAT, 20));
            GradientBuffer gradients = new GradientBuffer(parameters);
            for (int i = 0; i < 3; i++) {
                gradients.view(i).assign(10 * (i + 1) + group.rank() * 2); // rank 0: 10, 20, 30; rank 1: 12, 22, 32
            }
            BucketedAllReduce reducer = new BucketedAllReduce(group, 1024);
            reducer.reduce(gradients);
            return new double[] {gradients.view(0).meanNumber().doubleValue(), gradients.view(1).getDouble(1, 49),
                gradients.view(2).getDouble(19), gradients.flat().getDouble(300), reducer.buckets(), reducer.calls()};
        });
        for (double[] result : results) {
            assertThat(result[0]).isEqualTo(11.0);
            assertThat(result[1]).isEqualTo(21.0);
            assertThat(result[2]).isEqualTo(31.0);
            assertThat(result[3]).as("the views alias the flat buffer").isEqualTo(21.0);
            assertThat(result[4]).isEqualTo(2.0);
            assertThat(result[5]).isEqualTo(2.0);
        }
    }

    @Test
    void aStopRequestedOnOneRankStopsEveryRankAfterTheSameStep() throws Exception {
        List<double[]> ends = InProcessRanks.onTwoRanks(FAST, group -> {
            StopRequest request = new StopRequest(new PrintStream(OutputStream.nullOutputStream()));
            request.deferToStepBoundary();
            for (long done = 1; ; done++) {
                if (group.rank() == 1 && done == 3) {
                    request.request("a signal to rank 1");
                }
                TrainingLoop.StepEnd end = TrainingLoop.endOfStep(group, request, done, 100, 1.0 + group.rank());
                if (end.stop()) {
                    return new double[] {done, end.loss(), request.requested() ? 1 : 0};
                }
            }
        });
        assertThat(ends.get(0)).containsExactly(3.0, 1.5, 0.0);
        assertThat(ends.get(1)).containsExactly(3.0, 1.5, 1.0);
    }

    @Test
    void parameterHashCheckNamesTheRankThatDiverged() throws Exception {
        List<String> outcomes = InProcessRanks.onTwoRanks(FAST, group -> {
            SortedMap<String, INDArray> parameters = new TreeMap<>();
            parameters.put("w", Nd4j.linspace(1, 64, 64, DataType.FLOAT));
            long same = ParameterHash.check(group, parameters, 5);
            if (group.rank() == 1) {
                parameters.get("w").putScalar(3, 1e-3f + parameters.get("w").getFloat(3));
            }
            try {
                ParameterHash.check(group, parameters, 10);
                return "no failure after " + same;
            } catch (RankFailure e) {
                return e.ranks() + " " + e.getMessage();
            }
        });
        for (String outcome : outcomes) {
            assertThat(outcome).startsWith("[1] parameters differ across ranks after step 10: ranks [1] diverged");
        }
    }

    @Test
    void aRankThatNeverArrivesMakesTheOtherFailWithinTheTimeoutNamingIt() throws Exception {
        List<String> outcomes = InProcessRanks.onTwoRanks(FAST, group -> {
            INDArray array = Nd4j.ones(DataType.FLOAT, 8);
            group.allReduceSum(array); // both ranks up and beating
            if (group.rank() == 1) {
                Thread.sleep(6_000); // hung in its own work (beats go on): rank 0 times out anyway
                return "rank 1 slept";
            }
            long start = System.nanoTime();
            try {
                group.allReduceSum(array);
                return "completed";
            } catch (RankFailure e) {
                return String.format("%.1f %s", (System.nanoTime() - start) / 1e9, e.getMessage());
            }
        });
        String rank0 = outcomes.get(0);
        double seconds = Double.parseDouble(rank0.substring(0, rank0.indexOf(' ')));
        assertThat(seconds).isBetween(2.5, 12.0);
        assertThat(rank0).contains("rank 0: all-reduce failed");
    }

    @Test
    void workRankZeroDoesAloneMayTakeLongerThanTheCollectiveTimeout() throws Exception {
        // as rank 0 writing a checkpoint: the others wait for it in the store, not in a collective
        List<String> outcomes = InProcessRanks.onTwoRanks(FAST, group -> {
            String written = group.fromLeader("checkpoint/10", () -> {
                Thread.sleep(FAST.collectiveTimeout().toMillis() + 1_500);
                return "step-00000010";
            });
            INDArray array = Nd4j.ones(DataType.FLOAT, 4);
            group.allReduceSum(array);
            return written + " " + array.sumNumber().doubleValue();
        });
        assertThat(outcomes).containsExactly("step-00000010 8.0", "step-00000010 8.0");
    }

    @Test
    void aForeignStoreClientThatKnowsTheJobAndItsUidCanNeitherFailNorJoinIt() throws Exception {
        int port = LocalLauncher.freePort();
        JobAttempt attempt = new JobAttempt("test-job", 0, TrainerEnvironment.newRendezvousSecret());
        Future<String> rank0 = InProcessRanks.submit(() -> runRank(new RankEnvironment("127.0.0.1", port, 2, 0),
                attempt));

        TCPStore foreign = connectWhenServing(port);
        try {
            while (!foreign.check(new StringVector(Rendezvous.CLAIMED_ATTEMPT_KEY))) {
                Thread.sleep(20); // rank 0 names its attempt right after its store serves
            }
            String guessed = new JobAttempt("test-job", 0).storePrefix();
            for (String key : List.of("kubegpt/rank-0", "kubegpt/beat/0")) {
                assertThat(foreign.check(new StringVector(guessed + key))).as(key).isFalse();
            }
            String forged = "2:forged by a client of the store";
            foreign.set(guessed + "kubegpt/leader/prepare", Rendezvous.bytes("error:" + forged));
            foreign.set(guessed + "kubegpt/failed/0", Rendezvous.bytes(forged));
            foreign.set(guessed + "kubegpt/failed/1", Rendezvous.bytes(forged));
            foreign.set(Rendezvous.CLAIMED_ATTEMPT_KEY, Rendezvous.bytes("attempt 7 of job test-job"));

            RankEnvironment rank1 = new RankEnvironment("127.0.0.1", port, 2, 1);
            assertThatThrownBy(() -> GlooRankGroup.join(rank1, new JobAttempt("test-job", 0), FAST))
                    .isInstanceOf(RankFailure.class).hasMessageContaining("cannot join rank 0");
            assertThat(runRank(rank1, attempt)).isEqualTo("prepared 4.0");
            assertThat(rank0.get()).isEqualTo("prepared 4.0");
        } finally {
            foreign.close();
        }
    }

    private static String runRank(RankEnvironment env, JobAttempt attempt) throws Exception {
        try (GlooRankGroup group = GlooRankGroup.join(env, attempt, FAST)) {
            String prepared = group.fromLeader("prepare", () -> "prepared");
            INDArray array = Nd4j.ones(DataType.FLOAT, 2).muli(group.rank() + 1);
            group.allReduceSum(array);
            group.allReduceSum(array.divi(3));
            return prepared + " " + array.sumNumber().doubleValue();
        }
    }

    private static TCPStore connectWhenServing(int port) throws InterruptedException {
        for (int tries = 0; ; tries++) {
            try {
                return new TCPStore("127.0.0.1", new TCPStoreOptions().port((short) port).isServer(false)
                        .waitWorkers(false).timeout(new Milliseconds(2_000)));
            } catch (RuntimeException notYet) {
                if (tries == 100) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }
}
