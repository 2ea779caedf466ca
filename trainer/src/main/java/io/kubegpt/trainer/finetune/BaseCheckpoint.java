package io.kubegpt.trainer.finetune;

import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import io.kubegpt.trainer.train.TensorFile;
import io.kubegpt.trainer.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The pre-trained model a fine-tune starts from: its shape, tokenizer and weights, read from a checkpoint folder
 * (or a run or checkpoints folder, whose latest checkpoint is taken). A checkpoint that cannot be read, or whose
 * tokenizer lacks the reserved fine-tuning tokens, is refused as invalid input naming {@code field}.
 */
public record BaseCheckpoint(Path folder, GPTConfig config, BpeTokenizer tokenizer, Map<String, INDArray> weights) {

    public static BaseCheckpoint read(Path given, String field) {
        Path folder;
        try {
            folder = ModelCheckpoint.resolve(given);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, "cannot use " + given + " as the base model: " + e.getMessage(), e);
        }
        GPTConfig config;
        BpeTokenizer tokenizer;
        Map<String, INDArray> weights;
        try {
            config = ModelCheckpoint.config(folder);
            tokenizer = ModelCheckpoint.tokenizer(folder);
            Path weightsFile = folder.resolve(Trainer.WEIGHTS_FILE);
            if (!Files.isRegularFile(weightsFile)) {
                throw new InvalidInputException(field, "no " + Trainer.WEIGHTS_FILE + " in " + folder);
            }
            weights = TensorFile.read(weightsFile);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, "the base checkpoint " + folder + " cannot be read: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new InvalidInputException(field, "the base checkpoint " + folder + " cannot be read: " + e, e);
        }
        if (!tokenizer.hasSpecialTokens()) {
            throw new InvalidInputException(field, "the tokenizer of " + folder + " lacks the reserved fine-tuning "
                    + "tokens (start, delimiter, extract, pad), so the task inputs cannot be built; pre-train with "
                    + "a tokenizer trained by this trainer");
        }
        if (tokenizer.vocabSize() != config.vocabSize()) {
            throw new InvalidInputException(field, "the tokenizer of " + folder + " has " + tokenizer.vocabSize()
                    + " tokens but the model " + config.vocabSize());
        }
        return new BaseCheckpoint(folder, config, tokenizer, weights);
    }
}
