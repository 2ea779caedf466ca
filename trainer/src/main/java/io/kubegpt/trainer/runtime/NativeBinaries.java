package io.kubegpt.trainer.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Picks the ND4J native binary this CPU can run, before ND4J loads.
 *
 * <p>JavaCPP loads the first of the preset's platform extensions ({@code -onednn}, {@code -onednn-avx512},
 * {@code -onednn-avx2}, ..., then none) whose library is on the class path, without looking at the CPU: with the
 * {@code linux-x86_64-onednn-avx2} jar present it loads AVX2 code even where the CPU has no AVX2. The system
 * property {@value #PROPERTY} overrides the choice; an empty value loads the plain {@code linux-x86_64} binary
 * (generic x86-64). This sets it from /proc/cpuinfo, unless it is already set.
 */
public final class NativeBinaries {

    static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";
    static final String PLATFORM = "linux-x86_64";
    private static final String BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/" + PLATFORM + "%s/libnd4jcpu.so";

    /** Best first: an extension, the CPU flags it needs. */
    private static final List<Extension> EXTENSIONS = List.of(
            new Extension("-onednn-avx512", Set.of("avx512f", "avx512bw", "avx512dq", "avx512vl", "avx2", "fma")),
            new Extension("-onednn-avx2", Set.of("avx2", "fma")),
            new Extension("-avx512", Set.of("avx512f", "avx512bw", "avx512dq", "avx512vl", "avx2", "fma")),
            new Extension("-avx2", Set.of("avx2", "fma")));

    private record Extension(String suffix, Set<String> requiredFlags) {
    }

    private NativeBinaries() {
    }

    /** Call first thing in main, before any ND4J class is touched. Returns the extension in use ("" = plain). */
    public static String select() {
        String chosen = System.getProperty(PROPERTY);
        if (chosen == null) {
            chosen = choose(cpuFlags(), suffix -> NativeBinaries.class.getClassLoader()
                    .getResource(String.format(BINDINGS, suffix)) != null);
            System.setProperty(PROPERTY, chosen);
        }
        return chosen;
    }

    /** The name of the selected binary: {@value #PLATFORM} and its extension, as the jars' folders are named. */
    public static String binary() {
        return PLATFORM + select();
    }

    /** Whether the selected binary runs matrix products with oneDNN. */
    public static boolean usesOneDnn() {
        return System.getProperty(PROPERTY, "").contains("onednn");
    }

    static String choose(Set<String> cpuFlags, Predicate<String> onClassPath) {
        return EXTENSIONS.stream()
                .filter(e -> cpuFlags.containsAll(e.requiredFlags()) && onClassPath.test(e.suffix()))
                .map(Extension::suffix)
                .findFirst()
                .orElse("");
    }

    /** The flags of the first processor in /proc/cpuinfo; none where it cannot be read, which selects plain x86-64. */
    static Set<String> cpuFlags() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("flags"))
                    .findFirst()
                    .map(line -> Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+")))
                    .orElse(Set.of());
        } catch (IOException | IllegalArgumentException e) {
            return Set.of();
        }
    }
}
