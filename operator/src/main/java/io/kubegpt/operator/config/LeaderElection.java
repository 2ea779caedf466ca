package io.kubegpt.operator.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.inject.Singleton;

/**
 * Only one replica reconciles at a time; the others wait on the Lease. Active in the prod profile
 * ({@code quarkus.operator-sdk.activate-leader-election-for-profiles}).
 */
@Singleton
public class LeaderElection extends LeaderElectionConfiguration {

    public LeaderElection() {
        super("kubegpt-operator");
    }
}
