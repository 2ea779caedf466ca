package io.kubegpt.trainer.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads the native libraries once per process: ND4J's backend for every command that computes, PyTorch's Gloo for
 * data-parallel ranks.
 *
 * <p>JavaCPP extracts the libraries from their jars into its cache folder on first use (about 800 MB). Its own lock
 * covers the copy of one file, not a whole load: it also replaces symbolic links between libraries and re-extracts
 * files it finds in an unexpected place, while another process may be mapping them. Processes that started at the
 * same moment against an empty cache crashed with SIGBUS in the dynamic linker or hung (2 of 3 {@code --local 2}
 * starts). So each load here runs under an exclusive lock on {@value #LOCK_FILE} in the cache folder: the first
 * process extracts, the others wait for it and then find every file complete.
 *
 * <p>A folder of libraries extracted at build time ({@link NativeFolder}, by {@link #extractInto}) replaces the cache: JavaCPP loads from it
 * and extracts nothing, so no lock is needed. It is the one the system property {@value #FOLDER_PROPERTY} or the
 * environment variable {@value #FOLDER_ENV} names, else {@value #BESIDE_JAR} beside the trainer's jar (the build's
 * {@code target/natives}, the image's {@code /app/natives}).
 */
public final class NativeLibraries {

    public static final String FOLDER_PROPERTY = "kubegpt.natives";
    public static final String FOLDER_ENV = "KUBEGPT_NATIVES";
    static final String BESIDE_JAR = "natives";
    static final String LOCK_FILE = ".kubegpt-load.lock";
    private static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    private static Path folder;
    private static boolean extracting;
    private static boolean nd4jLoaded;
    private static boolean torchLoaded;

    private NativeLibraries() {
    }

    /**
     * First thing in main, before any ND4J or JavaCPP class is touched: picks the ND4J binary the CPU runs, lets
     * OpenMP threads wait passively, and turns JavaCPP's resident-size check off unless it is configured.
     *
     * <p>That check reads {@code /proc/self/statm} for every pointer JavaCPP allocates, thousands per training step
     * (each op's arguments and shapes): 0.9% of a GPT-1-sized step at 2 threads. Its limit, 3 times the maximum heap,
     * is no bound of ours: a pod's memory limit is, and {@link NativeGarbage} keeps the resident size near what a
     * step needs, checked once a step.
     */
    public static synchronized void configure() {
        NativeBinaries.select();
        NativeThreads.waitPassivelyUnlessConfigured();
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null) {
            System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
    }

    /**
     * Extracts the libraries into {@code folder} as JavaCPP's cache, for {@link #configure}d processes to load in
     * place later (see {@link NativeFolder}); in a process that has loaded none yet.
     */
    public static synchronized void extractInto(Path target) throws IOException {
        if (nd4jLoaded || torchLoaded) {
            throw new IllegalStateException("native libraries are loaded already");
        }
        NativeFolder.write(target, folder -> {
            System.setProperty("org.bytedeco.javacpp.cachedir", folder.toString());
            extracting = true;
            loadNd4j();
            loadTorch();
        });
    }

    /** Points JavaCPP at the folder of extracted libraries, if there is one; before JavaCPP's loader starts. */
    private static void useExtractedFolder() throws IOException {
        if (folder != null || extracting) {
            return;
        }
        Path candidate;
        String named = System.getProperty(FOLDER_PROPERTY, System.getenv(FOLDER_ENV));
        if (named != null && !named.isBlank()) {
            candidate = Path.of(named);
            if (!NativeFolder.isComplete(candidate)) {
                throw new NativeLoadFailure(candidate + " (" + FOLDER_PROPERTY + " / " + FOLDER_ENV
                        + ") is not a complete folder of native libraries: write one with natives --unpack DIR");
            }
        } else {
            candidate = besideJar();
            if (candidate == null) {
                return;
            }
        }
        Optional<List<Path>> directories = NativeFolder.libraryDirectories(candidate, NativeBinaries.binary());
        if (directories.isEmpty()) {
            System.err.println("warning: " + candidate + " holds another ND4J binary than this CPU runs ("
                    + NativeBinaries.binary() + "); extracting the libraries into JavaCPP's cache instead");
            return;
        }
        String libraryPath = String.join(File.pathSeparator, directories.get().stream().map(Path::toString).toList());
        String existing = System.getProperty("java.library.path", "");
        System.setProperty("java.library.path",
                existing.isEmpty() ? libraryPath : libraryPath + File.pathSeparator + existing);
        // found on the library path before the jars' copies, and never copied into a cache
        System.setProperty("org.bytedeco.javacpp.pathsFirst", "true");
        System.setProperty("org.bytedeco.javacpp.cacheLibraries", "false");
        folder = candidate;
    }

    /** {@value #BESIDE_JAR} in the folder of the jar this class came from, if there is one. */
    private static Path besideJar() {
        try {
            Path codeSource = Path.of(NativeLibraries.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path beside = codeSource.resolveSibling(BESIDE_JAR);
            return Files.isRegularFile(codeSource) && NativeFolder.isComplete(beside) ? beside : null;
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * ND4J's backend (and with it OpenBLAS and oneDNN, or CUDA).
     *
     * @throws io.kubegpt.trainer.UnsupportedGpuException in the CUDA build, on a GPU its backend has no code for
     */
    public static synchronized void loadNd4j() {
        if (!nd4jLoaded) {
            CudaGpuCheck.requireRunnableGpus();
            load("ND4J (binary " + NativeBinaries.binary() + ")", Nd4j::getBackend);
            nd4jLoaded = true;
        }
    }

    public static synchronized boolean nd4jLoaded() {
        return nd4jLoaded;
    }

    /** PyTorch with its Gloo collectives, for the ranks of a data-parallel group. */
    public static synchronized void loadTorch() {
        if (!torchLoaded) {
            load("PyTorch with Gloo", () -> Loader.load(org.bytedeco.pytorch.global.torch_gloo.class));
            torchLoaded = true;
        }
    }

    private static void load(String what, Runnable loading) {
        configure();
        try {
            useExtractedFolder();
            if (folder != null) {
                loading.run();
            } else {
                underCacheLock(loading);
            }
        } catch (IOException e) {
            throw new NativeLoadFailure("cannot read the native library folder: " + e.getMessage(), e);
        } catch (LinkageError | RuntimeException e) {
            throw new NativeLoadFailure("cannot load " + what + ": " + rootMessage(e) + " (loading from " + source()
                    + ")", e);
        }
    }

    /** Runs {@code action} holding the cache folder's load lock; other processes wait meanwhile. */
    private static void underCacheLock(Runnable action) {
        Path cache = cacheDir();
        // closing the channel releases the lock
        try (FileChannel channel = FileChannel.open(cache.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            try {
                channel.lock();
            } catch (IOException unsupported) {
                System.err.println("warning: cannot lock " + cache.resolve(LOCK_FILE) + " (" + unsupported.getMessage()
                        + "); loading the native libraries unlocked: start other trainer processes once this one runs");
            }
            action.run();
        } catch (IOException e) {
            throw new NativeLoadFailure("cannot open " + cache.resolve(LOCK_FILE) + ": " + e.getMessage(), e);
        }
    }

    private static Path cacheDir() {
        try {
            return Loader.getCacheDir().toPath();
        } catch (IOException e) {
            throw new NativeLoadFailure("no writable folder for JavaCPP's native library cache: " + e.getMessage()
                    + "; set -Dorg.bytedeco.javacpp.cachedir=DIR", e);
        }
    }

    /** Where the libraries load from: the extracted folder, or JavaCPP's cache. */
    public static synchronized String source() {
        if (folder != null) {
            return folder.toString();
        }
        try {
            return "JavaCPP's cache " + Loader.getCacheDir();
        } catch (IOException e) {
            return "no JavaCPP cache folder";
        }
    }

    /** The innermost message: ND4J wraps the linker's error, which names the library file, in several layers. */
    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (!(cause instanceof UnsatisfiedLinkError) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }

    /** Thrown when a library cannot be loaded; the CLI prints its message instead of a stack trace. */
    public static final class NativeLoadFailure extends RuntimeException {
        NativeLoadFailure(String message) {
            super(message);
        }

        NativeLoadFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
