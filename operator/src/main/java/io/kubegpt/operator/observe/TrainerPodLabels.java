package io.kubegpt.operator.observe;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubegpt.operator.dependent.TrainingJob;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The numbers in a trainer pod's labels, read defensively: whoever may edit pods may write anything there. A worker's
 * rank is the index its name ends with, and its {@code kubegpt.io/rank} label must say the same; the attempt label
 * must be a number. A pod that fails either is none of the job's pods, and is reported rather than read.
 */
public final class TrainerPodLabels {

    private static final Pattern NUMBER = Pattern.compile("0|[1-9][0-9]{0,8}");

    private TrainerPodLabels() {
    }

    /** Why the job's pod cannot be read as one of its trainer pods; empty when it can. */
    public static Optional<String> unreadable(Pod pod, TrainingJob job) {
        String name = pod.getMetadata().getName();
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        String attempt = labels.get(TrainingJob.ATTEMPT_LABEL);
        if (attempt != null && !NUMBER.matcher(attempt).matches()) {
            return Optional.of(why(name, TrainingJob.ATTEMPT_LABEL, attempt, "not a number"));
        }
        if (name.equals(job.preparationPodName())) {
            return Optional.empty();
        }
        String prefix = job.workerPodName(0).substring(0, job.workerPodName(0).length() - 1);
        String index = name.startsWith(prefix) ? name.substring(prefix.length()) : "";
        if (!NUMBER.matcher(index).matches() || Integer.parseInt(index) >= job.spec().getWorkers().getReplicas()) {
            return Optional.of("pod " + name + " is ignored: its name is none of the job's worker pods");
        }
        String rank = labels.get(TrainingJob.RANK_LABEL);
        if (!index.equals(rank)) {
            return Optional.of(why(name, TrainingJob.RANK_LABEL, rank, "not its index " + index));
        }
        return Optional.empty();
    }

    /** The rank of a worker pod that {@link #unreadable} accepted. */
    public static int rank(Pod pod) {
        return Integer.parseInt(pod.getMetadata().getLabels().get(TrainingJob.RANK_LABEL));
    }

    /** The attempt of a pod that {@link #unreadable} accepted; one without the label predates attempts: {@code current}. */
    public static int attempt(Pod pod, int current) {
        String label = pod.getMetadata().getLabels() == null ? null
                : pod.getMetadata().getLabels().get(TrainingJob.ATTEMPT_LABEL);
        return label == null || !NUMBER.matcher(label).matches() ? current : Integer.parseInt(label);
    }

    private static String why(String pod, String label, String value, String problem) {
        return "pod " + pod + " is ignored: its label " + label + " is " + (value == null ? "missing" : "\"" + value
                + "\", " + problem);
    }
}
