package io.kubegpt.trainer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trainer processes loading their native libraries: `natives --gloo` loads what a data-parallel rank loads. */
class NativeLibrariesTest {

    @TempDir
    Path dir;

    /** Configured as the CLI is (by NativeLibrariesFirst), JavaCPP reads no resident size on its allocations. */
    @Test
    void javaCppChecksNoResidentSizeOnItsAllocations() {
        assertThat(Pointer.maxPhysicalBytes()).isZero();
    }

    /** Without the load lock, 2 of 3 such starts crashed (SIGBUS in the dynamic linker) or hung. */
    @Test
    void processesStartedAtOnceOnAnEmptyCacheAllLoad() throws Exception {
        Path cache = dir.resolve("cache");
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            processes.add(trainer(dir.resolve("out-" + i), "-Dorg.bytedeco.javacpp.cachedir=" + cache,
                    "natives", "--gloo"));
        }
        for (int i = 0; i < processes.size(); i++) {
            Process process = processes.get(i);
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("process %d ended", i).isTrue();
            assertThat(process.exitValue()).as(Files.readString(dir.resolve("out-" + i))).isZero();
            assertThat(Files.readString(dir.resolve("out-" + i)))
                    .contains("loaded ND4J", "and PyTorch with Gloo", "from JavaCPP's cache " + cache.toRealPath());
        }
        assertThat(cache.resolve(NativeLibraries.LOCK_FILE)).exists();
    }

    @Test
    void aFolderExtractedBeforehandIsLoadedInPlaceAndNothingIsCached() throws Exception {
        Path natives = dir.resolve("natives");
        Process unpack = trainer(dir.resolve("unpack"), "natives", "--unpack", natives.toString());
        assertThat(unpack.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(unpack.exitValue()).as(Files.readString(dir.resolve("unpack"))).isZero();
        // the folder written beside it is renamed into place: nothing else is left
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).containsExactlyInAnyOrder(natives, dir.resolve("unpack"));
        }
        // as in the image: the folder is read from elsewhere, read-only
        Path moved = Files.move(natives, dir.resolve("app-natives"));
        setWritable(moved, false);
        Map<Path, Long> before = modificationTimes(moved);
        Path cache = dir.resolve("cache");

        Process process = trainer(dir.resolve("out"), "-D" + NativeLibraries.FOLDER_PROPERTY + "=" + moved,
                "-Dorg.bytedeco.javacpp.cachedir=" + cache, "natives", "--gloo");

        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        setWritable(moved, true);
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("out"))).isZero();
        assertThat(Files.readString(dir.resolve("out"))).contains("and PyTorch with Gloo", "from " + moved);
        assertThat(filesUnder(cache)).isEmpty();
        // (the tests may run as root, whom no permission stops, so its files are compared too; JavaCPP may add links
        // between the libraries where it can write, and does without them where it cannot)
        assertThat(modificationTimes(moved)).isEqualTo(before);
    }

    @Test
    void aLibraryThatCannotBeLoadedIsNamedInOneLineInsteadOfACrash() throws Exception {
        // a complete-looking folder with ND4J's binary only, which is not a library
        Path natives = dir.resolve("natives");
        NativeFolder.write(natives, folder -> {
            Path bindings = Files.createDirectories(folder.resolve("org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64"
                    + NativeBinaries.select()));
            Files.writeString(bindings.resolve("libnd4jcpu.so"), "not a shared object");
        });

        Process process = trainer(dir.resolve("out"), "-D" + NativeLibraries.FOLDER_PROPERTY + "=" + natives,
                "natives");

        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String output = Files.readString(dir.resolve("out"));
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        // the first library it cannot find or load, named
        assertThat(output).containsPattern("error: cannot load ND4J \\(binary [^)]+\\): .*(jni\\w+|lib\\w+\\.so)")
                .doesNotContain("\tat ", "SIGSEGV", "SIGBUS");
    }

    @Test
    void aNamedFolderThatIsNotCompleteIsRefusedByName() throws Exception {
        Path natives = Files.createDirectories(dir.resolve("half-written"));

        Process process = trainer(dir.resolve("out"), "-D" + NativeLibraries.FOLDER_PROPERTY + "=" + natives,
                "natives");

        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("out"))).contains(natives + " (kubegpt.natives / KUBEGPT_NATIVES) is "
                + "not a complete folder of native libraries");
    }

    private static Process trainer(Path output, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        List<String> rest = new ArrayList<>(List.of(arguments));
        while (!rest.isEmpty() && rest.get(0).startsWith("-D")) {
            command.add(rest.remove(0));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.kubegpt.trainer.cli.Main"));
        command.addAll(rest);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private static void setWritable(Path folder, boolean writable) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.filter(p -> !Files.isSymbolicLink(p)).toList()) {
                path.toFile().setWritable(writable, false);
            }
        }
    }

    /** The folder's regular files and when each was last written. */
    private static Map<Path, Long> modificationTimes(Path folder) throws IOException {
        Map<Path, Long> times = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                times.put(path, Files.getLastModifiedTime(path).toMillis());
            }
        }
        return times;
    }

    private static List<Path> filesUnder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
