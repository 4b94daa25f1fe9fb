package dev.edgehost.host.runtime;

import dev.edgehost.host.FunctionSettings;
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
