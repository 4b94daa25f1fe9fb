package dev.edgehost.host.registry;

/**
 * How far the host is in loading its stored functions at start. Immutable.
 *
 * @param total the stored functions found at start
 * @param loaded those that serve now
 * @param pending those still waiting for their turn or compiling
 * @param failed those that no longer deploy (logged)
 * @param replaced those that a deploy or undeploy on this host replaced before they were in
 * @param done whether the load has finished
 */
public record LoadProgress(int total, int loaded, int pending, int failed, int replaced, boolean done) {
    /** Nothing stored: nothing pending. */
    public static final LoadProgress NONE = new LoadProgress(0, 0, 0, 0, 0, true);
}
