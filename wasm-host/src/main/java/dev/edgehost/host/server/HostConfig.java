package dev.edgehost.host.server;

import dev.edgehost.host.FunctionLimits;
import java.net.URI;
import java.nio.file.Path;

/**
 * Everything a host is started with; checked by {@link dev.edgehost.host.EdgeHost.Builder}.
 *
 * @param dataDir where deployments and key-value data are kept, or {@code null} to keep them in
 *     memory only; unused with Redis
 * @param redis the Redis server that keeps deployments and key-value data for several hosts, or
 *     {@code null}
 * @param queueSize how many admitted requests may wait for a worker
 */
public record HostConfig(
        Path dataDir,
        URI redis,
        FunctionLimits defaultLimits,
        int workers,
        int queueSize,
        long maxModuleBytes,
        long maxCachedModuleBytes,
        boolean bundledSamples) {}
