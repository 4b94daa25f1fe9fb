package dev.edgehost.host.registry;

import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.compile.ModuleDescription;
import dev.edgehost.host.fetch.OriginAllowList;
import java.time.Instant;

/**
 * One deployed version of a function. A request holds on to the deployment it started with, so a
 * redeploy never changes a request midway.
 *
 * @param persistent whether the deployment is kept in the function store (bundled samples are not)
 * @param fetchAllowList the settings' allow-list, parsed once at deploy time
 */
public record Deployment(
        String name,
        String sha256,
        byte[] wasm,
        FunctionSettings settings,
        ModuleDescription description,
        Instant deployedAt,
        boolean persistent,
        OriginAllowList fetchAllowList) {

    /** The version the access log and metrics name: the first 12 hex digits of the module's SHA-256. */
    public String version() {
        return sha256.substring(0, 12);
    }

    static Deployment of(
            String name,
            String sha256,
            byte[] wasm,
            FunctionSettings settings,
            ModuleDescription description,
            Instant deployedAt,
            boolean persistent) {
        return new Deployment(
                name, sha256, wasm, settings, description, deployedAt, persistent,
                OriginAllowList.parse(settings.fetchAllowList()));
    }
}
