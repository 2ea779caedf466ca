package io.kubegpt.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubegpt.trainer.InvalidInputException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** A truncated tensor file is the checkpoint's fault, said once, not an unexpected error that restarts the job. */
class TensorFileTest {

    @TempDir
    Path dir;

    @Test
    void aTruncatedFileIsInvalidInputNamingIt() throws IOException {
        Path file = dir.resolve(ModelCheckpoint.WEIGHTS_FILE);
        TensorFile.write(file, Map.of("a", Nd4j.linspace(1, 64, 64), "b", Nd4j.ones(8, 8)));
        assertThat(TensorFile.read(file)).containsOnlyKeys("a", "b");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() / 2);
        }

        assertThatThrownBy(() -> TensorFile.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file + " is truncated");
    }
}
