package io.kubegpt.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubegpt.api.trainer.RunLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path root;

    @Test
    void theLatestPointerFollowsEverySave() {
        CheckpointStore store = new CheckpointStore(root, 3);
        assertThat(store.latest()).isEmpty();

        store.save(100, folder -> Files.writeString(folder.resolve("weights"), "100"));
        store.save(200, folder -> Files.writeString(folder.resolve("weights"), "200"));

        assertThat(store.latest()).hasValue(root.resolve("step-00000200"));
        assertThat(store.atStep(100)).hasValue(root.resolve("step-00000100"));
    }

    @Test
    void onlyTheLastKAreKept() {
        CheckpointStore store = new CheckpointStore(root, 2);
        for (long step = 1; step <= 5; step++) {
            long s = step;
            store.save(step, folder -> Files.writeString(folder.resolve("weights"), Long.toString(s)));
        }

        assertThat(store.list()).extracting(CheckpointStore::stepOf).containsExactly(4L, 5L);
    }

    @Test
    void aWriteThatFailsLeavesThePreviousCheckpointLatestAndNoHalfFolder() throws IOException {
        CheckpointStore store = new CheckpointStore(root, 3);
        store.save(100, folder -> Files.writeString(folder.resolve("weights"), "100"));

        assertThatThrownBy(() -> store.save(200, folder -> {
            Files.writeString(folder.resolve("weights"), "half");
            throw new IOException("disk full");
        })).hasMessageContaining("step 200");

        assertThat(store.latest()).hasValue(root.resolve("step-00000100"));
        assertThat(Files.readString(store.latest().orElseThrow().resolve("weights"))).isEqualTo("100");
        assertThat(store.list()).extracting(CheckpointStore::stepOf).containsExactly(100L);
    }

    @Test
    void leftoversOfAKilledWriteAreClearedByTheNextSave() throws IOException {
        CheckpointStore store = new CheckpointStore(root, 3);
        Files.createDirectories(root.resolve(".tmp-step-00000300-killed"));

        store.save(300, folder -> Files.writeString(folder.resolve("weights"), "300"));

        try (Stream<Path> children = Files.list(root)) {
            assertThat(children.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("step-00000300", RunLayout.LATEST);
        }
    }
}
