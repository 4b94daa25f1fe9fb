package dev.edgehost.host.server;

import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a host is started with; checked by {@link dev.edgehost.host.EdgeHost.Builder}.
 *
 * @param dataDir where deployments and key-value data are kept, or {@code null} to keep them in
 *     memory only; unused with Redis
 * @param redis the Redis server that keeps deployments and key-value data for several hosts, or
 *     {@code null}
 * @param defaultEngine the engine of functions deployed without one
 * @param defaultFetchAllowList the fetch origins of functions deployed without their own
 * @param queueSize how many admitted requests may wait for a worker
 */
public record HostConfig(
        Path dataDir,
        URI redis,
        FunctionLimits defaultLimits,
        Engine defaultEngine,
        List<String> defaultFetchAllowList,
        int workers,
        int queueSize,
        long maxModuleBytes,
        long maxCachedModuleBytes,
        boolean bundledSamples) {

    public HostConfig {
        defaultFetchAllowList = List.copyOf(defaultFetchAllowList);
    }

    /** What a function is deployed with when its deploy does not say otherwise. */
    public FunctionSettings defaultSettings() {
        FunctionSettings.Builder settings = FunctionSettings.builder().limits(defaultLimits).engine(defaultEngine);
        defaultFetchAllowList.forEach(settings::allowFetch);
        return settings.build();
    }
}
