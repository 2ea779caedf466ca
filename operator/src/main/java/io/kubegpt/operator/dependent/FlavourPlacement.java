package io.kubegpt.operator.dependent;

import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Kueue's admission adds to the pods of one pod set: the node labels and tolerations of the ResourceFlavors
 * it assigned, on top of the spec's own, as Kueue's built-in integrations add them.
 */
public record FlavourPlacement(Map<String, String> nodeLabels, List<Toleration> tolerations) {

    public static final FlavourPlacement NONE = new FlavourPlacement(Map.of(), List.of());

    /** The spec's node selector with the flavours' node labels; null when both are empty, as the pod had before. */
    public Map<String, String> nodeSelector(Map<String, String> spec) {
        if (nodeLabels.isEmpty()) {
            return spec;
        }
        Map<String, String> selector = new LinkedHashMap<>(spec == null ? Map.of() : spec);
        selector.putAll(nodeLabels);
        return selector;
    }

    /** The spec's tolerations and then the flavours' ones not among them. */
    public List<Toleration> tolerations(List<Toleration> spec) {
        if (tolerations.isEmpty()) {
            return spec;
        }
        List<Toleration> all = new ArrayList<>(spec == null ? List.of() : spec);
        tolerations.stream().filter(toleration -> !all.contains(toleration)).forEach(all::add);
        return all;
    }
}
