package io.kubegpt.trainer.finetune;

import io.kubegpt.trainer.InvalidInputException;
import io.kubegpt.trainer.checkpoint.ModelCheckpoint;
import io.kubegpt.trainer.checkpoint.TensorFile;
import io.kubegpt.trainer.model.GPT;
import io.kubegpt.trainer.model.GPTConfig;
import io.kubegpt.trainer.tokenizer.BpeTokenizer;
import io.kubegpt.trainer.tokenizer.SpecialToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The pre-trained model a fine-tune starts from: its shape, tokenizer and weights, read from a checkpoint folder
 * (or a run or checkpoints folder, whose latest checkpoint is taken). A checkpoint that cannot be read is refused as
 * invalid input naming {@code field}.
 *
 * <p>As in GPT-1, the embeddings of the fine-tuning tokens (start, delimiter, extract, pad) start fresh, drawn from
 * N(0, initStd) with the fine-tune's seed: pre-training never saw them as inputs and only pushed their output logits
 * down. A vocabulary without those tokens (GPT-2's) gets them appended, and the model their rows.
 *
 * <p>A fine-tune may use a shorter context than the base's ({@link #withContext}): the first positions' embeddings.
 */
public record BaseCheckpoint(Path folder, GPTConfig config, BpeTokenizer tokenizer, Map<String, INDArray> weights) {

    /** The checkpoint folder {@code given} names (itself, or a run's or checkpoints folder's latest). */
    public static Path folder(Path given, String field) {
        try {
            return ModelCheckpoint.resolve(given);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, "cannot use " + given + " as the base model: " + e.getMessage(), e);
        }
    }

    public static BaseCheckpoint read(Path given, String field, long seed) {
        Path folder = folder(given, field);
        GPTConfig config;
        BpeTokenizer tokenizer;
        Map<String, INDArray> weights;
        try {
            config = ModelCheckpoint.config(folder);
            tokenizer = ModelCheckpoint.tokenizer(folder);
            Path weightsFile = folder.resolve(ModelCheckpoint.WEIGHTS_FILE);
            if (!Files.isRegularFile(weightsFile)) {
                throw new InvalidInputException(field, "no " + ModelCheckpoint.WEIGHTS_FILE + " in " + folder);
            }
            weights = TensorFile.read(weightsFile);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, "the base checkpoint " + folder + " cannot be read: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new InvalidInputException(field, "the base checkpoint " + folder + " cannot be read: " + e, e);
        }
        if (tokenizer.vocabSize() != config.vocabSize()) {
            throw new InvalidInputException(field, "the tokenizer of " + folder + " has " + tokenizer.vocabSize()
                    + " tokens but the model " + config.vocabSize());
        }
        BpeTokenizer fineTuning = tokenizer.withSpecialTokens();
        Map<String, INDArray> withFreshRows = new TreeMap<>(weights);
        INDArray embedding = weights.get(GPT.TOKEN_EMBEDDING);
        if (embedding != null && embedding.rows() == config.vocabSize()) {
            withFreshRows.put(GPT.TOKEN_EMBEDDING, freshSpecialRows(embedding, fineTuning, config.initStd(), seed));
        }
        return new BaseCheckpoint(folder, config.withVocabSize(fineTuning.vocabSize()), fineTuning, withFreshRows);
    }

    /** The base cut to a context of {@code context} positions: the first rows of its position embedding. */
    public BaseCheckpoint withContext(int context) {
        if (context > config.context()) {
            throw new IllegalArgumentException("the base's context is " + config.context() + ", not " + context);
        }
        Map<String, INDArray> cut = new TreeMap<>(weights);
        INDArray positions = weights.get(GPT.POSITION_EMBEDDING);
        if (positions != null) {
            cut.put(GPT.POSITION_EMBEDDING, positions.get(NDArrayIndex.interval(0, context), NDArrayIndex.all()).dup());
        }
        return new BaseCheckpoint(folder, config.withContext(context), tokenizer, cut);
    }

    /** The token embedding with a row for every token of {@code tokenizer}, those of the fine-tuning tokens drawn. */
    private static INDArray freshSpecialRows(INDArray embedding, BpeTokenizer tokenizer, double std, long seed) {
        long rows = embedding.rows();
        INDArray result = Nd4j.zeros(embedding.dataType(), tokenizer.vocabSize(), embedding.columns());
        result.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all()).assign(embedding);
        Random random = new Random(seed);
        for (SpecialToken token : SpecialToken.values()) {
            INDArray row = result.getRow(tokenizer.specialId(token));
            for (long column = 0; column < row.length(); column++) {
                row.putScalar(column, random.nextGaussian() * std);
            }
        }
        return result;
    }
}
