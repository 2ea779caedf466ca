package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.kubegpt.api.v1alpha1.WorkersSpec;
import java.util.List;
import java.util.OptionalInt;

/**
 * The affinity of a trainer pod: the spec's, and for a pod with GPUs a required node affinity on NVIDIA GPU feature
 * discovery's {@value #COMPUTE_MAJOR_LABEL} label at most the operator's limit, so that the scheduler keeps it off
 * GPUs the CUDA image has no code for rather than the trainer failing on them. The spec's required terms are ORed,
 * so the limit is added to each of them.
 */
final class GpuNodeAffinity {

    static final String COMPUTE_MAJOR_LABEL = "nvidia.com/gpu.compute.major";

    private GpuNodeAffinity() {
    }

    static Affinity of(WorkersSpec workers, OptionalInt maxComputeMajor) {
        Affinity spec = workers.getAffinity();
        if (workers.getGpusPerWorker() <= 0 || !Boolean.TRUE.equals(workers.getGpuCompatibilityAffinity())
                || maxComputeMajor.orElse(0) <= 0) {
            return spec;
        }
        NodeSelectorRequirement limit = new NodeSelectorRequirement(COMPUTE_MAJOR_LABEL, "Lt",
                List.of(Integer.toString(maxComputeMajor.getAsInt() + 1)));
        List<NodeSelectorTerm> terms = requiredTerms(spec).stream()
                .map(term -> new NodeSelectorTermBuilder(term).addToMatchExpressions(limit).build())
                .toList();
        // the builder copies the spec's objects, so the spec itself stays as the user wrote it
        return (spec == null ? new AffinityBuilder() : new AffinityBuilder(spec))
                .editOrNewNodeAffinity()
                .editOrNewRequiredDuringSchedulingIgnoredDuringExecution().withNodeSelectorTerms(terms)
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .build();
    }

    /** The spec's required node selector terms, or one empty term (which matches every node) when it has none. */
    private static List<NodeSelectorTerm> requiredTerms(Affinity spec) {
        NodeAffinity nodeAffinity = spec == null ? null : spec.getNodeAffinity();
        NodeSelector required = nodeAffinity == null ? null : nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution();
        List<NodeSelectorTerm> terms = required == null ? null : required.getNodeSelectorTerms();
        return terms == null || terms.isEmpty() ? List.of(new NodeSelectorTerm()) : terms;
    }
}
