package io.kubegpt.trainer.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"kubegpt-trainer " + (version == null ? "(development build)" : version)};
    }
}
