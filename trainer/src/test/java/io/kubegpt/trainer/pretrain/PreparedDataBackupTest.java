package io.kubegpt.trainer.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubegpt.trainer.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparedDataBackupTest {

    @TempDir
    Path output;
    Path data;
    PreparedDataBackup backup;

    @BeforeEach
    void prepareOldData() throws IOException {
        data = output.resolve("data");
        Files.createDirectories(data.resolve("tokenizer"));
        Files.writeString(data.resolve("train.bin"), "old tokens");
        Files.writeString(data.resolve("tokenizer/vocab.json"), "old vocabulary");
        backup = new PreparedDataBackup(data);
    }

    @Test
    void restorePutsBackTheFilesThatPreparingReplaced() throws IOException {
        backup.take();
        prepareNewData();

        backup.restore();

        assertThat(Files.readString(data.resolve("train.bin"))).isEqualTo("old tokens");
        assertThat(Files.readString(data.resolve("tokenizer/vocab.json"))).isEqualTo("old vocabulary");
        assertThat(output).isDirectoryNotContaining(path -> path.getFileName().toString().startsWith(".data"));
    }

    @Test
    void discardKeepsTheNewDataAndDropsTheBackup() throws IOException {
        backup.take();
        prepareNewData();

        backup.discard();

        assertThat(Files.readString(data.resolve("train.bin"))).isEqualTo("new tokens");
        assertThat(output).isDirectoryNotContaining(path -> path.getFileName().toString().startsWith(".data"));
    }

    @Test
    void aBackupLeftByAnAttemptThatDiedIsKeptNotTakenAgain() throws IOException {
        backup.take();
        prepareNewData();

        new PreparedDataBackup(data).take();
        backup.restore();

        assertThat(Files.readString(data.resolve("train.bin"))).isEqualTo("old tokens");
    }

    /** As the preparation writes: each file replaced by a rename, the tokenizer folder as a whole. */
    private void prepareNewData() throws IOException {
        AtomicFiles.writeString(data.resolve("train.bin"), "new tokens");
        AtomicFiles.replaceFolder(data.resolve("tokenizer"),
                folder -> Files.writeString(folder.resolve("vocab.json"), "new vocabulary"));
    }
}
