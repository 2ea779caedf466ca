package io.kubegpt.trainer.checkpoint;

import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.TransientFailureException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Named arrays in one file, bit-exact: a count, then per array its name and ND4J's binary form. */
public final class TensorFile {

    private static final int MAGIC = 0x4b475431; // "KGT1"

    private TensorFile() {
    }

    public static void write(Path file, Map<String, INDArray> arrays) {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(MAGIC);
            out.writeInt(arrays.size());
            for (Map.Entry<String, INDArray> entry : new TreeMap<>(arrays).entrySet()) {
                out.writeUTF(entry.getKey());
                Nd4j.write(entry.getValue(), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The next array of {@code in}; ND4J wraps the end of the stream in a RuntimeException. */
    private static INDArray array(DataInputStream in) throws IOException {
        try {
            return Nd4j.read(in);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /**
     * The arrays of {@code file}. A file that is missing, truncated or not a tensor file is the input's fault; any
     * other I/O error may pass on a retry.
     */
    public static SortedMap<String, INDArray> read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new InvalidInputException("--checkpoint", file + " is not a tensor file");
            }
            int count = in.readInt();
            SortedMap<String, INDArray> arrays = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                arrays.put(name, array(in));
            }
            return arrays;
        } catch (EOFException | NoSuchFileException invalid) {
            throw new InvalidInputException("--checkpoint", file + " is truncated or missing: " + invalid, invalid);
        } catch (IOException e) {
            throw new TransientFailureException("cannot read " + file + ": " + e, e);
        }
    }
}
