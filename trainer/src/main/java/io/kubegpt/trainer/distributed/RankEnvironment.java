package io.kubegpt.trainer.distributed;

import io.kubegpt.api.trainer.TrainerEnvironment;
import io.kubegpt.trainer.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a rank finds its group, from the variables Kubeflow's PyTorchJob (and torchrun) set: {@code MASTER_ADDR}
 * and {@code MASTER_PORT} (rank 0's address, where the rendezvous store listens), {@code WORLD_SIZE} (ranks in
 * all) and {@code RANK} (this process, 0-based). In a pod with G GPUs that runs G ranks, rank = pod index x G +
 * local index and WORLD_SIZE = replicas x G; {@code LOCAL_RANK} then picks the GPU.
 */
public record RankEnvironment(String masterAddress, int masterPort, int worldSize, int rank) {

    public RankEnvironment {
        if (worldSize < 1) {
            throw new InvalidInputException(TrainerEnvironment.WORLD_SIZE, "WORLD_SIZE " + worldSize
                    + " must be at least 1");
        }
        if (rank < 0 || rank >= worldSize) {
            throw new InvalidInputException(TrainerEnvironment.RANK, "RANK " + rank + " is not in a world of "
                    + worldSize);
        }
        if (masterPort < 1 || masterPort > 65535) {
            throw new InvalidInputException(TrainerEnvironment.MASTER_PORT, "MASTER_PORT " + masterPort
                    + " is not a TCP port");
        }
    }

    /** This process's place in a group of more than one rank, or empty when the environment names no such group. */
    public static Optional<RankEnvironment> from(Map<String, String> env) {
        String world = env.get(TrainerEnvironment.WORLD_SIZE);
        if (world == null || world.isBlank() || integer(env, TrainerEnvironment.WORLD_SIZE) <= 1) {
            return Optional.empty();
        }
        String address = env.get(TrainerEnvironment.MASTER_ADDR);
        if (address == null || address.isBlank()) {
            throw new InvalidInputException(TrainerEnvironment.MASTER_ADDR, "WORLD_SIZE is " + world
                    + " but MASTER_ADDR is not set");
        }
        return Optional.of(new RankEnvironment(address.trim(), integer(env, TrainerEnvironment.MASTER_PORT),
                integer(env, TrainerEnvironment.WORLD_SIZE), integer(env, TrainerEnvironment.RANK)));
    }

    /** The variables that put a process at {@code rank} of this group (what a launcher sets for its children). */
    public Map<String, String> variables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put(TrainerEnvironment.MASTER_ADDR, masterAddress);
        variables.put(TrainerEnvironment.MASTER_PORT, Integer.toString(masterPort));
        variables.put(TrainerEnvironment.WORLD_SIZE, Integer.toString(worldSize));
        variables.put(TrainerEnvironment.RANK, Integer.toString(rank));
        return variables;
    }

    public boolean leader() {
        return rank == 0;
    }

    /** A variable as an integer; the message names it when it is missing or not a number. */
    static int integer(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(name, name + " is not set");
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, name + " '" + value + "' is not a number", e);
        }
    }
}
