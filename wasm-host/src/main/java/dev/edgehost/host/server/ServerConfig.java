package dev.edgehost.host.server;

import java.util.List;

/**
 * The listeners of a server; checked by {@link dev.edgehost.host.EdgeServer.Builder}.
 *
 * @param adminToken bearer token the admin API requires, or {@code null} for none (loopback only)
 * @param connections the timeouts and connection caps of both listeners
 * @param adminAllowedOrigins the web origins whose pages may call the admin API; none by default
 */
public record ServerConfig(
        String host,
        int port,
        String adminHost,
        int adminPort,
        String adminToken,
        ConnectionLimits connections,
        List<String> adminAllowedOrigins) {

    /** @throws IllegalArgumentException when an allowed origin is no {@code scheme://host[:port]} */
    public ServerConfig {
        adminAllowedOrigins = AdminRequestGuard.normalizeOrigins(adminAllowedOrigins);
    }
}
