package io.kubegpt.trainer.checkpoint;

import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.trainer.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Leaves a finished run's checkpoints as a run killed right after one of them would have left them. */
public final class KilledRun {

    private KilledRun() {
    }

    /** {@code latest} points at the checkpoint of {@code step}; every later checkpoint is gone. */
    public static void afterCheckpoint(Path checkpoints, long step) throws IOException {
        CheckpointStore store = new CheckpointStore(checkpoints, Integer.MAX_VALUE);
        for (Path later : store.list().stream().filter(p -> CheckpointStore.stepOf(p) > step).toList()) {
            AtomicFiles.deleteRecursively(later);
        }
        Files.writeString(checkpoints.resolve(RunLayout.LATEST), RunLayout.checkpointFolder(step) + "\n");
    }
}
