package io.kubegpt.api.trainer;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The environment a trainer rank reads. The rendezvous variables are PyTorchJob's, so a Kubeflow launcher can start
 * the trainer too; the rest are the operator's.
 */
public final class TrainerEnvironment {

    /** Host name of rank 0, whose store the ranks meet at. */
    public static final String MASTER_ADDR = "MASTER_ADDR";
    public static final String MASTER_PORT = "MASTER_PORT";
    /** All ranks of the job. */
    public static final String WORLD_SIZE = "WORLD_SIZE";
    /** This process's rank; for a worker running several ranks, its first. */
    public static final String RANK = "RANK";
    public static final String LOCAL_RANK = "LOCAL_RANK";
    /** Ranks per worker: one per GPU. */
    public static final String LOCAL_WORLD_SIZE = "LOCAL_WORLD_SIZE";
    /** The worker's index, set where a worker runs several ranks. */
    public static final String NODE_RANK = "NODE_RANK";

    /** Which try of the job this is: 0 first, one more per restart of the gang. Ranks of two attempts never meet. */
    public static final String ATTEMPT = "KUBEGPT_ATTEMPT";
    /** The job's UID: the ranks of one job meet under it, so no other job's pod can take a rank's place. */
    public static final String JOB_UID = "KUBEGPT_JOB_UID";
    /**
     * A random value only the ranks of one attempt hold (the operator mounts it from that attempt's Secret): the
     * store keys of the attempt derive from it, so a client of rank 0's store that knows the job's name and UID
     * still cannot read, forge or join any of them.
     */
    public static final String RENDEZVOUS_SECRET = "KUBEGPT_RENDEZVOUS_SECRET";
    /** The ConfigMap rank 0 writes its progress report to. */
    public static final String PROGRESS_CONFIGMAP = "KUBEGPT_PROGRESS_CONFIGMAP";
    public static final String NAMESPACE = "KUBEGPT_NAMESPACE";
    /** Where rank 0 writes its final summary for the kubelet to keep as the termination message. */
    public static final String TERMINATION_LOG = "KUBEGPT_TERMINATION_LOG";
    /** The least time between two progress reports, in milliseconds. */
    public static final String PROGRESS_INTERVAL_MS = "KUBEGPT_PROGRESS_INTERVAL_MS";

    /** The key of the progress ConfigMap holding the report, a {@code GPTJobStatus} as JSON. */
    public static final String PROGRESS_KEY = "status.json";

    private static final SecureRandom RANDOM = new SecureRandom();

    private TrainerEnvironment() {
    }

    /** A fresh value for {@link #RENDEZVOUS_SECRET}: 32 random bytes, hexadecimal. */
    public static String newRendezvousSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The rank of a worker's {@code localRank}-th process when each worker runs {@code localWorldSize} ranks. */
    public static int rank(int nodeRank, int localWorldSize, int localRank) {
        return nodeRank * localWorldSize + localRank;
    }
}
