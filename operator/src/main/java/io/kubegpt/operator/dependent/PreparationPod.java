package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Trains the tokenizer and writes the token files onto the checkpoint volume once, before the workers start, so
 * that no worker downloads or tokenizes the corpus on its own. Only for jobs whose data needs it.
 */
public final class PreparationPod extends TrainerPod {

    @Override
    public boolean isWanted(TrainingJob job) {
        return job.needsPreparation();
    }

    @Override
    public Pod desired(TrainingJob job) {
        return pod(job, job.preparationPodName(), PREPARATION,
                container(job, "prepare", List.of(), 1).build(), false).build();
    }
}
