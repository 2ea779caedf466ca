package io.kubegpt.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.TransientFailureException;
import io.kubegpt.trainer.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void aDanglingLatestFallsBackToTheNewestKeptCheckpointAndSaysSo() throws IOException {
        CheckpointStore store = new CheckpointStore(root, 3);
        store.save(100, folder -> Files.writeString(folder.resolve("weights"), "100"));
        store.save(200, folder -> Files.writeString(folder.resolve("weights"), "200"));
        AtomicFiles.deleteRecursively(root.resolve("step-00000200"));
        List<String> skipped = new ArrayList<>();

        assertThat(store.resumable(skipped::add)).hasValue(root.resolve("step-00000100"));
        assertThat(skipped).singleElement().asString().contains("names step-00000200, which is not there");
    }

    @Test
    void aTruncatedOrCorruptedFileIsSkippedForTheNewestCheckpointThatVerifies() throws IOException {
        CheckpointStore store = new CheckpointStore(root, 3);
        for (long step : new long[] {100, 200, 300}) {
            store.save(step, folder -> Files.writeString(folder.resolve("weights"), "weights of step " + step));
        }
        Files.writeString(root.resolve("step-00000300/weights"), "weights of");
        Files.writeString(root.resolve("step-00000200/weights"), "weights of step 999");
        List<String> skipped = new ArrayList<>();

        assertThat(store.resumable(skipped::add)).hasValue(root.resolve("step-00000100"));
        assertThat(skipped).hasSize(2);
        assertThat(skipped.get(0)).contains("step-00000300", "weights holds 10 bytes, not the 19 written");
        assertThat(skipped.get(1)).contains("step-00000200", "weights does not match its CRC32C");
    }

    @Test
    void noCheckpointThatVerifiesIsRefusedRatherThanStartedOver() throws IOException {
        CheckpointStore store = new CheckpointStore(root, 3);
        store.save(100, folder -> Files.writeString(folder.resolve("weights"), "100"));
        Files.writeString(root.resolve("step-00000100").resolve(CheckpointManifest.FILE), "{");

        assertThatThrownBy(() -> store.resumable(line -> { }))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no checkpoint under " + root + " verifies")
                .hasMessageContaining("manifest.json is not valid");
    }

    @Test
    void aCheckpointWrittenBeforeManifestsResumesAsItIs() throws IOException {
        CheckpointStore store = new CheckpointStore(root, 3);
        store.save(100, folder -> Files.writeString(folder.resolve("weights"), "100"));
        Files.delete(root.resolve("step-00000100").resolve(CheckpointManifest.FILE));

        assertThat(store.resumable(line -> { })).hasValue(root.resolve("step-00000100"));
    }

    @Test
    void aFullVolumeRemovesThePartialCheckpointAtOnceAndIsRetryable() throws IOException {
        CheckpointStore store = new CheckpointStore(root, 3);
        store.save(100, folder -> Files.writeString(folder.resolve("weights"), "100"));

        assertThatThrownBy(() -> store.save(200, folder -> {
            Files.writeString(folder.resolve("weights"), "half");
            throw new FileSystemException(folder.resolve("optimizer").toString(), null, "No space left on device");
        })).isInstanceOf(TransientFailureException.class)
                .hasMessageContaining("No space left on device")
                .hasMessageContaining("the partial checkpoint .tmp-step-00000200-")
                .hasMessageContaining("was removed");

        try (Stream<Path> children = Files.list(root)) {
            assertThat(children.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("step-00000100", RunLayout.LATEST);
        }
    }

    @Test
    void aWriteOfAnOlderAttemptNeverReplacesANewerAttemptsCheckpoints() throws IOException {
        CheckpointStore replaced = new CheckpointStore(root, 3, "uid-1", 1);
        CheckpointStore current = new CheckpointStore(root, 3, "uid-1", 2);
        current.save(100, folder -> Files.writeString(folder.resolve("weights"), "attempt 2"));

        assertThatThrownBy(() -> replaced.save(200, folder -> Files.writeString(folder.resolve("weights"), "attempt 1")))
                .isInstanceOf(TransientFailureException.class)
                .hasMessageContaining("written by the newer attempt 2");
        assertThatThrownBy(() -> replaced.save(100, folder -> Files.writeString(folder.resolve("weights"), "attempt 1")))
                .isInstanceOf(TransientFailureException.class);

        assertThat(current.latest()).hasValue(root.resolve("step-00000100"));
        assertThat(Files.readString(root.resolve("step-00000100/weights"))).isEqualTo("attempt 2");
        try (Stream<Path> children = Files.list(root)) {
            assertThat(children.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("step-00000100", RunLayout.LATEST);
        }
    }

    @Test
    void aNewJobOfTheSameNameContinuesAnotherJobsCheckpointsWhateverTheirAttempt() {
        new CheckpointStore(root, 3, "old-uid", 7).save(100, folder -> Files.writeString(folder.resolve("w"), "old"));

        new CheckpointStore(root, 3, "new-uid", 0).save(200, folder -> Files.writeString(folder.resolve("w"), "new"));

        assertThat(new CheckpointStore(root, 3).latest()).hasValue(root.resolve("step-00000200"));
    }
}
