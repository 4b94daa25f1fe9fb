package dev.edgehost.host.instances;

import com.dylibso.chicory.runtime.Instance;

/**
 * Guest code the host runs in an instance besides {@code _initialize} and {@code handle}: a
 * script's load at deploy, or the check of a script's error after {@code handle}. It may throw an
 * {@link dev.edgehost.host.EdgeException} to fail the deploy or the request.
 */
@FunctionalInterface
public interface GuestStep {

    void run(Instance instance);
}
