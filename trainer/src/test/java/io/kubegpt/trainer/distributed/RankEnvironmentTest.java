package io.kubegpt.trainer.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubegpt.trainer.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankEnvironmentTest {

    @Test
    void readsPyTorchJobVariablesAndTrainsAloneWithoutThem() {
        assertThat(RankEnvironment.from(Map.of())).isEmpty();
        assertThat(RankEnvironment.from(Map.of("WORLD_SIZE", "1", "RANK", "0"))).isEmpty();
        RankEnvironment env = RankEnvironment.from(Map.of("MASTER_ADDR", "job-worker-0.job", "MASTER_PORT", "23456",
                "WORLD_SIZE", "4", "RANK", "3")).orElseThrow();
        assertThat(env).isEqualTo(new RankEnvironment("job-worker-0.job", 23456, 4, 3));
        assertThat(env.variables()).containsEntry("RANK", "3").containsEntry("WORLD_SIZE", "4");
    }

    @Test
    void rejectsARankOutsideTheWorldOrAMissingAddress() {
        assertThatThrownBy(() -> RankEnvironment.from(Map.of("MASTER_ADDR", "a", "MASTER_PORT", "1", "WORLD_SIZE", "2",
                "RANK", "2"))).isInstanceOf(InvalidInputException.class).hasMessageContaining("RANK 2 is not in a world of 2");
        assertThatThrownBy(() -> RankEnvironment.from(Map.of("MASTER_PORT", "1", "WORLD_SIZE", "2", "RANK", "0")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("MASTER_ADDR");
    }

    @Test
    void aPodWithSeveralGpusRunsRanksPodIndexTimesGPlusLocalIndex() {
        List<RankEnvironment> ranks = LocalLauncher.ranks(Map.of("NODE_RANK", "1", "WORLD_SIZE", "8",
                "MASTER_ADDR", "job-worker-0.job", "MASTER_PORT", "23456"), 4);
        assertThat(ranks).extracting(RankEnvironment::rank).containsExactly(4, 5, 6, 7);
        assertThat(ranks).allMatch(r -> r.worldSize() == 8 && r.masterAddress().equals("job-worker-0.job"));

        List<RankEnvironment> local = LocalLauncher.ranks(Map.of(), 2);
        assertThat(local).extracting(RankEnvironment::rank).containsExactly(0, 1);
        assertThat(local).allMatch(r -> r.worldSize() == 2 && r.masterAddress().equals("127.0.0.1"));
    }
}
