package dev.edgehost.host.runtime;

import dev.edgehost.host.FunctionSettings;
import java.time.Instant;

/**
 * One deployed version of a function. A request holds on to the deployment it started with, so a
 * redeploy never changes a request midway.
 *
 * @param persistent whether the deployment is kept in the data dir (bundled samples are not)
 */
public record Deployment(
        String name,
        String sha256,
        byte[] wasm,
        FunctionSettings settings,
        ModuleDescription description,
        Instant deployedAt,
        boolean persistent) {}
