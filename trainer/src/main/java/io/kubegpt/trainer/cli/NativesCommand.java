package io.kubegpt.trainer.cli;

import io.kubegpt.trainer.runtime.NativeBinaries;
import io.kubegpt.trainer.runtime.NativeLibraries;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "natives", mixinStandardHelpOptions = true,
        description = {"Loads the native libraries (ND4J, and PyTorch's Gloo with --gloo) and says where from; with",
            "--unpack, extracts them into a folder to load them from in place: natives/ beside the jar (the build",
            "writes it), or the folder KUBEGPT_NATIVES (or -Dkubegpt.natives) names."})
final class NativesCommand implements Callable<Integer> {

    @Option(names = "--gloo", description = "Also load PyTorch with Gloo, as data-parallel ranks do.")
    boolean gloo;

    @Option(names = "--unpack", paramLabel = "DIR", description = "Extract the libraries into DIR instead.")
    Path unpack;

    @Override
    public Integer call() throws Exception {
        if (unpack != null) {
            NativeLibraries.extractInto(unpack.toAbsolutePath());
            System.out.println("extracted the native libraries into " + unpack);
            return 0;
        }
        long start = System.nanoTime();
        NativeLibraries.loadNd4j();
        if (gloo) {
            NativeLibraries.loadTorch();
        }
        System.out.printf("loaded ND4J (binary %s)%s in %.1f s from %s%n", NativeBinaries.binary(),
                gloo ? " and PyTorch with Gloo" : "", (System.nanoTime() - start) / 1e9, NativeLibraries.source());
        return 0;
    }
}
