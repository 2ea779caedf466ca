package io.kubegpt.trainer.distributed;

import io.kubegpt.trainer.ExitCodes;
import io.kubegpt.trainer.RankFailure;
import io.kubegpt.trainer.runtime.NativeLibraries;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.BroadcastOptions;
import org.bytedeco.pytorch.PrefixStore;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;
import org.bytedeco.pytorch.gloo.Device;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A rank of a Gloo process group (PyTorch's CPU collective engine, through the JavaCPP presets): rendezvous at
 * the {@link TCPStore} rank 0 serves ({@link Rendezvous}), every key under the prefix of the job's attempt, one
 * {@link ProcessGroupGloo} over TCP. Collectives run on ND4J memory in place (see {@link TorchTensors}); each waits
 * at most the collective timeout, after which (or as soon as a peer's connection drops) it throws a
 * {@link RankFailure} naming the rank at fault.
 */
public final class GlooRankGroup implements RankGroup {

    private static final String LEADER = "kubegpt/leader/";
    private static final String ERROR = "error:";

    private final RankEnvironment env;
    private final DistributedSettings settings;
    private final TCPStore server;
    private final Store store;
    private final ProcessGroupGloo group;
    private final PeerMonitor monitor;

    private GlooRankGroup(RankEnvironment env, DistributedSettings settings, TCPStore server, Store store,
                          ProcessGroupGloo group) {
        this.env = env;
        this.settings = settings;
        this.server = server;
        this.store = store;
        this.group = group;
        this.monitor = new PeerMonitor(store.clone(), env.rank(), env.worldSize());
    }

    /**
     * Joins the group of {@code attempt}: returns once every rank of it has joined, or throws after the rendezvous
     * timeout; throws at once when rank 0 runs another attempt.
     */
    public static GlooRankGroup join(RankEnvironment env, JobAttempt attempt, DistributedSettings settings) {
        NativeLibraries.loadTorch();
        TCPStore server = Rendezvous.connect(env, attempt, settings.rendezvousTimeout());
        Store store = new PrefixStore(attempt.storePrefix(), server);
        ProcessGroupGloo.Options options = ProcessGroupGloo.Options.create(
                new Milliseconds(settings.rendezvousTimeout().toMillis()));
        options.devices().push_back(device(env));
        ProcessGroupGloo group;
        try {
            group = new ProcessGroupGloo(store, env.rank(), env.worldSize(), options);
        } catch (RuntimeException e) {
            throw new RankFailure(List.of(), "rank " + env.rank() + " could not meet the other ranks of " + attempt
                    + " at " + env.masterAddress() + ":" + env.masterPort() + " within "
                    + settings.rendezvousTimeout().toSeconds() + " s (WORLD_SIZE " + env.worldSize() + "): "
                    + PeerMonitor.firstLine(e), e);
        }
        // connecting may take as long as the slowest rank's start; from here on every collective is bounded tightly
        group.setTimeout(new Milliseconds(settings.collectiveTimeout().toMillis()));
        return new GlooRankGroup(env, settings, server, store, group);
    }

    /**
     * The network interface Gloo uses: {@code GLOO_SOCKET_IFNAME} as in PyTorch, else loopback when rank 0 is on
     * loopback (local ranks), else the interface this host's name resolves to.
     */
    private static Device device(RankEnvironment env) {
        String iface = System.getenv("GLOO_SOCKET_IFNAME");
        if (iface != null && !iface.isBlank()) {
            return ProcessGroupGloo.createDeviceForInterface(iface.trim());
        }
        try {
            if (InetAddress.getByName(env.masterAddress()).isLoopbackAddress()) {
                return ProcessGroupGloo.createDeviceForHostname("127.0.0.1");
            }
        } catch (UnknownHostException e) {
            // resolved again by Gloo below, which reports it
        }
        return ProcessGroupGloo.createDefaultDevice();
    }

    @Override
    public int rank() {
        return env.rank();
    }

    @Override
    public int worldSize() {
        return env.worldSize();
    }

    public DistributedSettings settings() {
        return settings;
    }

    @Override
    public void allReduceSum(INDArray array) {
        Tensor tensor = TorchTensors.wrap(array);
        try {
            await(group.allreduce(new TensorVector(tensor)), "all-reduce");
        } finally {
            tensor.close();
        }
    }

    @Override
    public Pending startAllReduceSum(INDArray flat, long offset, long length) {
        Tensor tensor = TorchTensors.wrap(flat, offset, length);
        Work work;
        try {
            work = call(() -> group.allreduce(new TensorVector(tensor)), "all-reduce");
        } catch (RuntimeException e) {
            tensor.close();
            throw e;
        }
        return () -> {
            try {
                await(work, "all-reduce");
            } finally {
                tensor.close();
            }
        };
    }

    @Override
    public void broadcast(INDArray array, int root) {
        Tensor tensor = TorchTensors.wrap(array);
        try {
            await(group.broadcast(new TensorVector(tensor), new BroadcastOptions().rootRank(root)), "broadcast");
        } finally {
            tensor.close();
        }
    }

    @Override
    public String fromLeader(String key, Callable<String> action) {
        String storeKey = LEADER + key;
        if (leader()) {
            String result;
            try {
                result = action.call();
            } catch (Exception e) {
                String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                store.set(storeKey, Rendezvous.bytes(ERROR + Reported.encode(ExitCodes.of(e), reason)));
                if (e instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e);
            }
            store.set(storeKey, Rendezvous.bytes("ok:" + result));
            return result;
        }
        String value;
        try {
            value = new String(store.get(storeKey).get(), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw monitor.diagnose("waiting for rank 0 (" + key + ")", e);
        }
        if (value.startsWith(ERROR)) {
            Reported failure = Reported.decode(value.substring(ERROR.length()));
            throw RankFailure.reported(List.of(0), "rank " + rank() + ": rank 0 failed (" + key + "): "
                    + failure.reason(), null, List.of(failure.exitCode()));
        }
        return value.substring("ok:".length());
    }

    @Override
    public void reportFailure(Throwable cause) {
        if (cause instanceof RankFailure) {
            return; // a consequence of another rank's failure, which that rank reports
        }
        reportExit(ExitCodes.of(cause), cause.getMessage() == null ? cause.toString() : cause.getMessage());
    }

    @Override
    public void reportExit(int exitCode, String reason) {
        monitor.reportFailure(exitCode, reason);
    }

    private Work call(Callable<Work> issue, String operation) {
        try {
            return issue.call();
        } catch (Exception e) {
            throw monitor.diagnose(operation, e);
        }
    }

    private void await(Work work, String operation) {
        try {
            work._wait();
        } catch (RuntimeException e) {
            throw monitor.diagnose(operation, e);
        } finally {
            work.close();
        }
    }

    /** Stops the heartbeat and releases the group and the store (rank 0's store closes its port). */
    @Override
    public void close() {
        monitor.close();
        group.close();
        store.close();
        server.close();
    }
}
