package io.kubegpt.trainer.runtime;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The test JVM loads its native libraries as the CLI does, before any test touches ND4J: under the cache lock, so the
 * trainer processes some tests start meanwhile never see a half-extracted cache.
 */
public final class NativeLibrariesFirst implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NativeLibraries.configure();
        NativeLibraries.loadNd4j();
        NativeLibraries.loadTorch();
    }
}
