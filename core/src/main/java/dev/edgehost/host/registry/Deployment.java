package dev.edgehost.host.registry;

import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionMode;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.compile.ModuleDescription;
import dev.edgehost.host.fetch.OriginAllowList;
import java.time.Instant;

/**
 * One deployed version of a function. A request holds on to the deployment it started with, so a
 * redeploy never changes a request midway.
 *
 * @param sha256 the SHA-256 of {@code wasm}
 * @param wasm the module, or the script's UTF-8 for a {@link FunctionKind#JAVASCRIPT} function
 * @param description what inspection learned of the module that runs (the JavaScript engine, for a script)
 * @param persistent whether the deployment is kept in the function store (bundled samples are not)
 * @param fetchAllowList the settings' allow-list, parsed once at deploy time
 * @param number the function's version number ({@code x-edge-version})
 */
public record Deployment(
        String name,
        String sha256,
        byte[] wasm,
        FunctionSettings settings,
        ModuleDescription description,
        Instant deployedAt,
        boolean persistent,
        OriginAllowList fetchAllowList,
        FunctionKind kind,
        int number) {

    /** The module the access log names ({@code version}): the first 12 hex digits of the module's SHA-256. */
    public String version() {
        return sha256.substring(0, 12);
    }

    /** How the function runs, as inspection found it: ABI handler or CGI, never AUTO. */
    public FunctionMode mode() {
        return description.mode();
    }

    /** This deployment run under other limits, such as a script's deploy budget. */
    public Deployment withLimits(FunctionLimits limits) {
        return new Deployment(
                name, sha256, wasm, settings.toBuilder().limits(limits).build(), description, deployedAt, persistent, fetchAllowList,
                kind, number);
    }

    public static Deployment of(
            String name,
            String sha256,
            byte[] wasm,
            FunctionSettings settings,
            ModuleDescription description,
            Instant deployedAt,
            boolean persistent,
            FunctionKind kind) {
        return of(name, sha256, wasm, settings, description, deployedAt, persistent, kind, 1);
    }

    public static Deployment of(
            String name,
            String sha256,
            byte[] wasm,
            FunctionSettings settings,
            ModuleDescription description,
            Instant deployedAt,
            boolean persistent,
            FunctionKind kind,
            int number) {
        return new Deployment(
                name, sha256, wasm, settings, description, deployedAt, persistent,
                OriginAllowList.parse(settings.fetchAllowList()), kind, number);
    }
}
