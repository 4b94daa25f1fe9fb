package dev.edgehost.host.server;

/**
 * The listeners of a server; checked by {@link dev.edgehost.host.EdgeServer.Builder}.
 *
 * @param adminToken bearer token the admin API requires, or {@code null} for none (loopback only)
 * @param connections the timeouts of both listeners
 */
public record ServerConfig(
        String host, int port, String adminHost, int adminPort, String adminToken, ConnectionLimits connections) {}
