package io.kubegpt.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The trainer's packages form no cycle: every import of one package by another points down. */
class PackageDependenciesTest {

    private static final String ROOT = "io.kubegpt.trainer";
    private static final Path SOURCES = Path.of("src/main/java/io/kubegpt/trainer");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile(
            "^import (?:static )?(" + Pattern.quote(ROOT) + "(?:\\.[a-z]\\w*)*)\\.[A-Z]", Pattern.MULTILINE);

    private enum Visit { OPEN, DONE }

    @Test
    void theImportsBetweenPackagesHaveNoCycle() throws IOException {
        SortedMap<String, Set<String>> imports = imports();
        assertThat(imports).as("packages read from %s", SOURCES.toAbsolutePath())
                .containsKeys(ROOT, ROOT + ".model", ROOT + ".session", ROOT + ".train");

        assertThat(describe(cycle(imports))).as("a cycle of package imports").isEmpty();
    }

    @Test
    void aCycleIsNamedPackageByPackage() {
        SortedMap<String, Set<String>> imports = new TreeMap<>();
        imports.put(ROOT + ".train", Set.of(ROOT + ".model", ROOT + ".report"));
        imports.put(ROOT + ".report", Set.of(ROOT + ".checkpoint"));
        imports.put(ROOT + ".checkpoint", Set.of(ROOT + ".train", ROOT));
        imports.put(ROOT + ".model", Set.of(ROOT));

        assertThat(describe(cycle(imports))).isEqualTo("checkpoint -> train -> report -> checkpoint");
        imports.put(ROOT + ".checkpoint", Set.of(ROOT));
        assertThat(cycle(imports)).isEmpty();
    }

    /** Each package of the main sources and the other packages of the trainer its files import. */
    private static SortedMap<String, Set<String>> imports() throws IOException {
        SortedMap<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher declared = PACKAGE.matcher(source);
                if (!declared.find()) {
                    throw new IllegalStateException(file + " declares no package");
                }
                String from = declared.group(1);
                Set<String> imported = graph.computeIfAbsent(from, name -> new TreeSet<>());
                Matcher line = IMPORT.matcher(source);
                while (line.find()) {
                    if (!line.group(1).equals(from)) {
                        imported.add(line.group(1));
                    }
                }
            }
        }
        return graph;
    }

    /** A cycle of {@code graph} as the packages along it, the first again at the end; empty when there is none. */
    private static List<String> cycle(SortedMap<String, Set<String>> graph) {
        Map<String, Visit> visits = new HashMap<>();
        for (String start : graph.keySet()) {
            List<String> cycle = cycleFrom(start, graph, visits, new ArrayList<>());
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    /** Depth first from {@code node}; {@code path} holds the packages still open above it. */
    private static List<String> cycleFrom(String node, SortedMap<String, Set<String>> graph, Map<String, Visit> visits,
                                          List<String> path) {
        Visit visit = visits.get(node);
        if (visit == Visit.OPEN) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return cycle;
        }
        if (visit == Visit.DONE) {
            return List.of();
        }
        visits.put(node, Visit.OPEN);
        path.add(node);
        for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
            List<String> cycle = cycleFrom(next, graph, visits, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        visits.put(node, Visit.DONE);
        return List.of();
    }

    /** "train -> report -> train": the packages relative to the trainer's root, which is "(root)". */
    private static String describe(List<String> cycle) {
        return String.join(" -> ", cycle.stream()
                .map(name -> name.equals(ROOT) ? "(root)" : name.substring(ROOT.length() + 1)).toList());
    }
}
