package dev.edgehost.cli;

import dev.edgehost.abi.Abi;
import picocli.CommandLine.IVersionProvider;

/** The host's version from its jar manifest, and the ABI version it implements. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = EdgeHostCli.class.getPackage().getImplementationVersion();
        return new String[] {"edge-host " + (version == null ? "dev" : version) + ", ABI v" + Abi.VERSION};
    }
}
