package io.kubegpt.trainer.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kubegpt.api.trainer.RunLayout;
import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import com.fasterxml.jackson.core.JacksonException;
import io.kubegpt.trainer.TransientFailureException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of one checkpoint folder: the weights and the optimizer state (each a {@link TensorFile}), the model's
 * shape ({@code model.json}), the run's position ({@code state.json}), what it was trained on
 * ({@code inputs.json}, see {@link TrainingInputs}), the tokenizer and the resource it ran.
 */
public final class ModelCheckpoint {

    public static final String WEIGHTS_FILE = "weights.bin";
    public static final String OPTIMIZER_FILE = "optimizer.bin";
    static final String MODEL_FILE = "model.json";
    static final String STATE_FILE = "state.json";
    static final String INPUTS_FILE = "inputs.json";
    static final String TOKENIZER_DIR = "tokenizer";
    static final String JOB_FILE = "job.yaml";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelCheckpoint() {
    }

    /** A {@link CheckpointStore.Writer} for a run's state, with the weights and optimizer state written by {@code weights}. */
    public static CheckpointStore.Writer of(CheckpointStore.Writer weights, GPTConfig config, CheckpointState state,
            TrainingInputs inputs, BpeTokenizer tokenizer, String jobYaml) {
        return folder -> {
            weights.write(folder);
            JSON.writeValue(folder.resolve(MODEL_FILE).toFile(), config);
            JSON.writeValue(folder.resolve(STATE_FILE).toFile(), state);
            JSON.writeValue(folder.resolve(INPUTS_FILE).toFile(), inputs);
            tokenizer.save(folder.resolve(TOKENIZER_DIR));
            Files.writeString(folder.resolve(JOB_FILE), jobYaml, StandardCharsets.UTF_8);
        };
    }

    public static GPTConfig config(Path checkpoint) {
        return read(checkpoint.resolve(MODEL_FILE), GPTConfig.class);
    }

    public static CheckpointState state(Path checkpoint) {
        return read(checkpoint.resolve(STATE_FILE), CheckpointState.class);
    }

    /**
     * What the checkpoint was trained on. A checkpoint written before {@code inputs.json} existed records no data
     * fingerprint; its tokenizer's hash is that of the tokenizer it holds.
     */
    public static TrainingInputs inputs(Path checkpoint) {
        Path file = checkpoint.resolve(INPUTS_FILE);
        return Files.exists(file) ? read(file, TrainingInputs.class)
                : new TrainingInputs(null, tokenizer(checkpoint).sha256());
    }

    public static BpeTokenizer tokenizer(Path checkpoint) {
        return BpeTokenizer.load(checkpoint.resolve(TOKENIZER_DIR), "--checkpoint");
    }

    /**
     * The model with the checkpoint's weights, dropout off, for generation and evaluation. A fine-tuned checkpoint's
     * task head is left out: the language model is all of the rest.
     */
    public static GPT model(Path checkpoint) {
        GPT model = new GPT(config(checkpoint), 0);
        java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> saved =
                new java.util.TreeMap<>(TensorFile.read(checkpoint.resolve(WEIGHTS_FILE)));
        java.util.Set<String> missing = new java.util.TreeSet<>(model.parameters().keySet());
        missing.removeAll(saved.keySet());
        if (!missing.isEmpty()) {
            throw new InvalidInputException("--checkpoint", checkpoint + " lacks weights of the model: " + missing);
        }
        saved.keySet().retainAll(model.parameters().keySet());
        model.loadParameters(saved);
        model.setTraining(false);
        return model;
    }

    /**
     * A checkpoint folder from what a user may name: the folder itself, a checkpoints folder (its latest), or a
     * run's output folder (the latest of its checkpoints).
     */
    public static Path resolve(Path given) {
        for (Path candidate : new Path[] {given, given.resolve(RunLayout.CHECKPOINTS)}) {
            if (Files.isRegularFile(candidate.resolve(MODEL_FILE))) {
                return candidate;
            }
            if (Files.isRegularFile(candidate.resolve(RunLayout.LATEST))) {
                return new CheckpointStore(candidate, 1).latest().orElseThrow(() -> new InvalidInputException(
                        "--checkpoint", candidate + "/latest names a checkpoint that is not there"));
            }
        }
        throw new InvalidInputException("--checkpoint", given + " is neither a checkpoint, a checkpoints folder "
                + "nor a run folder with checkpoints");
    }

    /** A file that is missing or not valid is the input's fault; any other I/O error may pass on a retry. */
    private static <T> T read(Path file, Class<T> type) {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (JacksonException | FileNotFoundException | NoSuchFileException invalid) {
            throw new InvalidInputException("--checkpoint", "cannot read " + file + ": " + invalid.getMessage(), invalid);
        } catch (IOException e) {
            throw new TransientFailureException("cannot read " + file + ": " + e, e);
        }
    }
}
