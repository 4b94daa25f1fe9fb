package dev.edgehost.server;

/**
 * The listeners of a server; checked by {@link EdgeServer.Builder}.
 *
 * @param adminToken bearer token the admin API requires, or {@code null} for none (loopback only)
 * @param opsPort port of the listener of health and metrics alone, or {@code -1} for none
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
        TrustedProxies trustedProxies) {}
