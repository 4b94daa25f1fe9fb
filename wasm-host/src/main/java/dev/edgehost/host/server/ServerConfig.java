package dev.edgehost.host.server;

import dev.edgehost.host.FunctionLimits;
import java.net.URI;
import java.nio.file.Path;

/**
 * Everything a server is started with; checked by {@link dev.edgehost.host.EdgeServer.Builder}.
 *
 * @param dataDir where deployments and key-value data are kept, or {@code null} to keep them in
 *     memory only; unused with Redis
 * @param redis the Redis server that keeps deployments and key-value data for several hosts, or
 *     {@code null}
 * @param adminToken bearer token the admin API requires, or {@code null} for none (loopback only)
 * @param queueSize how many admitted requests may wait for a worker
 */
public record ServerConfig(
        String host,
        int port,
        String adminHost,
        int adminPort,
        String adminToken,
        Path dataDir,
        URI redis,
        FunctionLimits defaultLimits,
        int workers,
        int queueSize,
        long maxModuleBytes,
        long maxCachedModuleBytes,
        boolean bundledSamples) {}
