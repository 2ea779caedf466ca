package io.kubegpt.operator.config;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.inject.Singleton;

/**
 * Only one replica reconciles at a time; the others wait on the Lease. Active in the prod profile
 * ({@code quarkus.operator-sdk.activate-leader-election-for-profiles}).
 */
@Singleton
public class LeaderElection extends LeaderElectionConfiguration {

    /** The Lease in the operator's namespace whose holder is the replica that reconciles. */
    public static final String LEASE = "kubegpt-operator";

    public LeaderElection() {
        super(LEASE, null, LEASE_DURATION_DEFAULT_VALUE, RENEW_DEADLINE_DEFAULT_VALUE,
                RETRY_PERIOD_DEFAULT_VALUE, null, new LeaderCallbacks(() -> { }, LeaderElection::lostLease, leader -> { }),
                false);
    }

    /**
     * A replica that lost the lease while running exits, so that it stops reconciling. The operator's own shutdown
     * also ends the lease; exiting then, or exiting on the elector's thread, which the shutdown waits for, would
     * deadlock the JVM (JOSDK's exit-on-stop-leading does exactly that on SIGTERM).
     */
    private static void lostLease() {
        if (!shuttingDown()) {
            new Thread(() -> System.exit(1), "lost-lease").start();
        }
    }

    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
