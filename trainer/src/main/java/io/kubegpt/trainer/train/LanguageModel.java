package io.kubegpt.trainer.train;

import java.util.Map;
import java.util.SortedMap;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the training loop needs from a next-token model: a SameDiff graph with an integer input placeholder
 * [batch, context], an integer target placeholder of the same shape, per-token losses and their mean as the
 * scalar loss, and a dropout switch.
 */
public interface LanguageModel {

    SameDiff sameDiff();

    String inputName();

    String targetName();

    String lossName();

    /** The per-token losses [batch * context] whose mean is the loss. */
    String tokenLossesName();

    int context();

    /** Seeds the random ops (dropout masks) of the next pass. */
    void setRandomSeed(long seed);

    /** The trainable parameters by name (live arrays). */
    SortedMap<String, INDArray> parameters();

    /** Copies saved parameters in; names and shapes must match. */
    void loadParameters(Map<String, INDArray> saved);

    /** Dropout on while training, off for evaluation and generation. */
    void setTraining(boolean training);
}
