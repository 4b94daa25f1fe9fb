package dev.edgehost.server;

import java.util.List;

/**
 * The listeners of a server; checked by {@link EdgeServer.Builder}.
 *
 * @param adminToken bearer token the admin API requires, or {@code null} for none (loopback only)
 * @param opsPort port of the listener of health and metrics alone, or {@code -1} for none
 * @param connections the timeouts and connection caps of every listener
 * @param adminAllowedOrigins the web origins whose pages may call the admin API; none by default
 * @param trustedProxies the proxies whose forwarding headers name the client
 */
record ServerConfig(
        String host,
        int port,
        String adminHost,
        int adminPort,
        String adminToken,
        String opsHost,
        int opsPort,
        ConnectionLimits connections,
        List<String> adminAllowedOrigins,
        TrustedProxies trustedProxies) {

    /** @throws IllegalArgumentException when an allowed origin is no {@code scheme://host[:port]} */
    ServerConfig {
        adminAllowedOrigins = AdminRequestGuard.normalizeOrigins(adminAllowedOrigins);
    }
}
