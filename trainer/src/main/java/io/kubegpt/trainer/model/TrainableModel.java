package io.kubegpt.trainer.model;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the training loop needs from a model, whatever it computes: a SameDiff graph whose loss variable is set, the
 * placeholders a batch fills, the loss as a forward pass computes it and as a training iteration's ops show it, the
 * trainable parameters, and a dropout switch.
 */
public interface TrainableModel {

    SameDiff sameDiff();

    /** The placeholders of a batch that are inputs. */
    List<String> featureNames();

    /** The placeholders of a batch that are labels. */
    List<String> labelNames();

    /** The scalar loss of a forward pass. */
    String lossName();

    /**
     * The loss read from the ops a training iteration runs: training skips the final reductions (their gradient
     * needs only the shape), so the loss is rebuilt from the arrays before them.
     */
    List<LossTerm> lossTerms();

    /** The trainable parameters by name (live arrays). */
    SortedMap<String, INDArray> parameters();

    /** Copies saved parameters in; names and shapes must match. */
    void loadParameters(Map<String, INDArray> saved);

    /**
     * Whether a batch may be trained as equal parts of its rows: every placeholder holds one row per example along its
     * first axis, and the loss is the mean over the rows, each of equal weight. The mean of the parts' losses and of
     * their gradients is then the batch's.
     */
    default boolean splitsByRows() {
        return false;
    }

    /** Dropout on while training, off for evaluation and generation. */
    void setTraining(boolean training);
}
