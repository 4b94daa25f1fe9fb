package dev.edgehost.server;

import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.StorageException;
import dev.edgehost.host.execution.HostCore;
import dev.edgehost.host.spi.Backend;
import dev.edgehost.host.spi.ClientLocator;
import dev.edgehost.host.spi.FunctionLogListener;
import dev.edgehost.host.spi.RequestTracer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The edge host as an HTTP server: functions on a public port, the admin API on its own port
 * (with health and metrics, which need no token), and optionally health and metrics alone on an
 * ops port.
 *
 * <pre>{@code
 * try (EdgeServer server = EdgeServer.builder().port(8080).dataDir(Path.of("data")).build().start()) {
 *     ...
 * }
 * }</pre>
 */
public interface EdgeServer extends AutoCloseable {

    /** A builder with the embedded defaults: ports 8080 and 8081, admin API on loopback, in memory. */
    static Builder builder() {
        return new Builder();
    }

    /** Starts listening. */
    EdgeServer start();

    /** The host the server serves, to deploy and run functions programmatically too. */
    EdgeHost host();

    /** The public port actually bound (useful when built with port 0). */
    int port();

    /** The admin port actually bound. */
    int adminPort();

    /** The ops port actually bound (health and metrics alone), or {@code -1} without one. */
    int opsPort();

    /**
     * Stops listening, lets running requests finish, closes the host and releases every resource;
     * closing twice does nothing.
     */
    @Override
    void close();

    /** Builds an {@link EdgeServer}; {@link #build()} checks the combination of settings. */
    final class Builder {
        private final EdgeHost.Builder host = EdgeHost.builder();
        private String address = "0.0.0.0";
        private int port = 8080;
        private String adminHost = "127.0.0.1";
        private int adminPort = 8081;
        private String adminToken;
        private String opsHost = "0.0.0.0";
        private int opsPort = -1;
        private MeterRegistry meterRegistry;
        private TrustedProxies trustedProxies = TrustedProxies.none();
        private Duration readTimeout = ConnectionLimits.DEFAULTS.readTimeout();
        private Duration idleTimeout = ConnectionLimits.DEFAULTS.idleTimeout();
        private int maxConnections = ConnectionLimits.DEFAULTS.maxConnections();
        private int maxConnectionsPerClient = ConnectionLimits.DEFAULTS.maxConnectionsPerClient();
        private List<String> adminAllowedOrigins = List.of();
        private List<String> selfOrigins = List.of();

        private Builder() {}

        /**
         * The proxies in front of the host, as IP addresses or CIDR blocks ({@code 10.0.0.0/8},
         * {@code 2001:db8::/32}): when the connection comes from one, the client is the first
         * hop of its {@code Forwarded} or {@code X-Forwarded-For} header, from the right, that is
         * not one of them. Default none: the client is the connection's peer, and forwarding
         * headers are the client's own words.
         *
         * @throws IllegalArgumentException naming an entry that is no address or block
         */
        public Builder trustedProxies(List<String> cidrs) {
            this.trustedProxies = TrustedProxies.parse(List.copyOf(cidrs));
            return this;
        }

        /** See {@link EdgeHost.Builder#clientLocator}. */
        public Builder clientLocator(ClientLocator locator) {
            host.clientLocator(locator);
            return this;
        }

        /** See {@link EdgeHost.Builder#tracer}; {@code edge-otel} traces with OpenTelemetry. */
        public Builder tracer(RequestTracer tracer) {
            host.tracer(tracer);
            return this;
        }

        /** Address of the public listener; default all interfaces. */
        public Builder host(String address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Public port; 0 picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Address of the admin listener; default loopback. Any other address needs a token. */
        public Builder adminHost(String adminHost) {
            this.adminHost = Objects.requireNonNull(adminHost, "adminHost");
            return this;
        }

        /** Admin port; 0 picks a free one. */
        public Builder adminPort(int adminPort) {
            this.adminPort = adminPort;
            return this;
        }

        /** Bearer token the admin API requires; {@code null} for none. */
        public Builder adminToken(String adminToken) {
            this.adminToken = adminToken;
            return this;
        }

        /**
         * Address of the ops listener, which serves {@code /healthz}, {@code /readyz} and
         * {@code /metrics} alone and without a token (they are on the admin listener too); default
         * all interfaces.
         */
        public Builder opsHost(String opsHost) {
            this.opsHost = Objects.requireNonNull(opsHost, "opsHost");
            return this;
        }

        /** Port of the ops listener; 0 picks a free one, {@code -1} (the default) has none. */
        public Builder opsPort(int opsPort) {
            this.opsPort = opsPort;
            return this;
        }

        /**
         * A Micrometer registry of the embedder's to record the host's metrics in, instead of the
         * server's own (which also has the JVM's and the process's metrics). {@code /metrics}
         * serves it if it is a {@code PrometheusMeterRegistry}; the host's meters are removed from
         * it when the server closes. {@code null} (the default) for the server's own.
         */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /**
         * The longest a client may take to send a request's headers, counted from their first
         * byte, and then its body, counted from the end of the headers; a slower client is
         * disconnected. Every listener; default 30 s, at least 1 ms.
         */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
            return this;
        }

        /**
         * The longest a connection may stay open with no request in progress, before its first
         * request or between two; then it is closed. Every listener; default 60 s, at least 1 ms.
         */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
            return this;
        }

        /**
         * The most connections each listener holds at once; a connection beyond them is closed as
         * soon as it is accepted. Default 10,000, at least 1.
         */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * The most connections each listener holds from one client address, an IPv6 client
         * counted by its /64; a proxy in front of the host is one client. Default 256, at least 1.
         */
        public Builder maxConnectionsPerClient(int maxConnectionsPerClient) {
            this.maxConnectionsPerClient = maxConnectionsPerClient;
            return this;
        }

        /**
         * Web origins ({@code https://console.example.com}) whose pages may call the admin API
         * from a browser; by default none may, and a request carrying {@code Origin} or a
         * cross-site {@code Sec-Fetch-Site} is refused as {@code 403 forbidden_origin}. The admin
         * API sends no CORS headers, so such a page sees answers only from its own origin or
         * through a proxy that adds them.
         */
        public Builder adminAllowedOrigins(List<String> adminAllowedOrigins) {
            this.adminAllowedOrigins = List.copyOf(Objects.requireNonNull(adminAllowedOrigins, "adminAllowedOrigins"));
            return this;
        }

        /**
         * Further origins at which clients reach this host's public listener, such as {@code
         * https://edge.example.com} behind a proxy or load balancer: a guest's fetch of one runs
         * in process, as a subrequest, as a fetch of the listener's own address and port does
         * (ABI spec §12.10). The allow-list still decides whether a function may fetch it.
         *
         * @throws IllegalArgumentException when one is no {@code scheme://host[:port]}, scheme
         *     http or https
         */
        public Builder selfOrigins(List<String> selfOrigins) {
            for (String origin : Objects.requireNonNull(selfOrigins, "selfOrigins")) {
                if (!SelfOrigin.isOrigin(origin)) {
                    throw new IllegalArgumentException(
                            "invalid self origin \"" + origin + "\": expected scheme://host[:port], scheme http or https");
                }
            }
            this.selfOrigins = List.copyOf(selfOrigins);
            return this;
        }

        /** See {@link EdgeHost.Builder#kvTimeout}. */
        public Builder kvTimeout(Duration kvTimeout) {
            host.kvTimeout(kvTimeout);
            return this;
        }

        /** See {@link EdgeHost.Builder#fetchCacheBytes}. */
        public Builder fetchCacheBytes(long fetchCacheBytes) {
            host.fetchCacheBytes(fetchCacheBytes);
            return this;
        }

        /** See {@link EdgeHost.Builder#fetchTrustStore}. */
        public Builder fetchTrustStore(Path pemFile) {
            host.fetchTrustStore(pemFile);
            return this;
        }

        /** See {@link EdgeHost.Builder#fetchCacheEntryBytes}. */
        public Builder fetchCacheEntryBytes(long fetchCacheEntryBytes) {
            host.fetchCacheEntryBytes(fetchCacheEntryBytes);
            return this;
        }

        /** See {@link EdgeHost.Builder#reconcileInterval}. */
        public Builder reconcileInterval(Duration reconcileInterval) {
            host.reconcileInterval(reconcileInterval);
            return this;
        }

        /** See {@link EdgeHost.Builder#dataDir}. */
        public Builder dataDir(Path dataDir) {
            host.dataDir(dataDir);
            return this;
        }

        /** See {@link EdgeHost.Builder#redis}. */
        public Builder redis(URI redis) {
            host.redis(redis);
            return this;
        }

        /** See {@link EdgeHost.Builder#backend}. */
        public Builder backend(Backend backend) {
            host.backend(backend);
            return this;
        }

        /** See {@link EdgeHost.Builder#defaultLimits}. */
        public Builder defaultLimits(FunctionLimits defaultLimits) {
            host.defaultLimits(defaultLimits);
            return this;
        }

        /** See {@link EdgeHost.Builder#defaultEngine}. */
        public Builder defaultEngine(Engine defaultEngine) {
            host.defaultEngine(defaultEngine);
            return this;
        }

        /** See {@link EdgeHost.Builder#defaultFetchAllowList}. */
        public Builder defaultFetchAllowList(List<String> origins) {
            host.defaultFetchAllowList(origins);
            return this;
        }

        /** See {@link EdgeHost.Builder#workers}. */
        public Builder workers(int workers) {
            host.workers(workers);
            return this;
        }

        /** See {@link EdgeHost.Builder#carriers}. */
        public Builder carriers(int carriers) {
            host.carriers(carriers);
            return this;
        }

        /** See {@link EdgeHost.Builder#keepVersions}. */
        public Builder keepVersions(int keepVersions) {
            host.keepVersions(keepVersions);
            return this;
        }

        /** See {@link EdgeHost.Builder#queueSize}. */
        public Builder queueSize(int queueSize) {
            host.queueSize(queueSize);
            return this;
        }

        /** See {@link EdgeHost.Builder#maxModuleBytes}. */
        public Builder maxModuleBytes(long maxModuleBytes) {
            host.maxModuleBytes(maxModuleBytes);
            return this;
        }

        /** See {@link EdgeHost.Builder#maxModuleFunctions}. */
        public Builder maxModuleFunctions(int maxModuleFunctions) {
            host.maxModuleFunctions(maxModuleFunctions);
            return this;
        }

        /** See {@link EdgeHost.Builder#maxFunctionCodeBytes}. */
        public Builder maxFunctionCodeBytes(long maxFunctionCodeBytes) {
            host.maxFunctionCodeBytes(maxFunctionCodeBytes);
            return this;
        }

        /** See {@link EdgeHost.Builder#maxModuleCodeBytes}. */
        public Builder maxModuleCodeBytes(long maxModuleCodeBytes) {
            host.maxModuleCodeBytes(maxModuleCodeBytes);
            return this;
        }

        /** See {@link EdgeHost.Builder#maxTotalCodeBytes}. */
        public Builder maxTotalCodeBytes(long maxTotalCodeBytes) {
            host.maxTotalCodeBytes(maxTotalCodeBytes);
            return this;
        }

        /** See {@link EdgeHost.Builder#compileTimeout}. */
        public Builder compileTimeout(Duration compileTimeout) {
            host.compileTimeout(compileTimeout);
            return this;
        }

        /** See {@link EdgeHost.Builder#maxConcurrentCompiles}. */
        public Builder maxConcurrentCompiles(int maxConcurrentCompiles) {
            host.maxConcurrentCompiles(maxConcurrentCompiles);
            return this;
        }

        /** See {@link EdgeHost.Builder#tieredModuleBytes}. */
        public Builder tieredModuleBytes(long tieredModuleBytes) {
            host.tieredModuleBytes(tieredModuleBytes);
            return this;
        }

        /** See {@link EdgeHost.Builder#maxDeployHeapBytes}. */
        public Builder maxDeployHeapBytes(long maxDeployHeapBytes) {
            host.maxDeployHeapBytes(maxDeployHeapBytes);
            return this;
        }

        /** See {@link EdgeHost.Builder#maxCachedModuleBytes}. */
        public Builder maxCachedModuleBytes(long maxCachedModuleBytes) {
            host.maxCachedModuleBytes(maxCachedModuleBytes);
            return this;
        }

        /**
         * See {@link EdgeHost.Builder#logListener}; the admin API's log streams ({@code GET
         * /functions/{name}/logs}) are served either way.
         */
        public Builder logListener(FunctionLogListener listener) {
            host.logListener(listener);
            return this;
        }

        /** See {@link EdgeHost.Builder#bundledSamples}. */
        public Builder bundledSamples(boolean bundledSamples) {
            host.bundledSamples(bundledSamples);
            return this;
        }

        /**
         * A function to deploy once the listeners are up, in the background with the stored
         * functions, smallest first; see {@link EdgeHost.Builder#startupFunction}.
         */
        public Builder startupFunction(String name, byte[] code, FunctionKind kind, FunctionSettings settings, String source) {
            host.startupFunction(name, code, kind, settings, source);
            return this;
        }

        /**
         * The server with its host started, not yet listening.
         *
         * @throws IllegalArgumentException when a setting is out of range, or the admin API would
         *     listen beyond loopback without a token
         * @throws StorageException when the data dir or the key-value store cannot be used, or
         *     Redis cannot be reached
         */
        public EdgeServer build() {
            checkPort("port", port);
            checkPort("adminPort", adminPort);
            if (opsPort != -1) {
                checkPort("opsPort", opsPort);
            }
            if (adminToken != null && adminToken.isBlank()) {
                throw new IllegalArgumentException("adminToken must not be blank");
            }
            if (adminToken == null && !isLoopback(adminHost)) {
                throw new IllegalArgumentException(
                        "the admin API listens on " + adminHost + ", beyond loopback: give it a token");
            }
            ConnectionLimits connections = new ConnectionLimits(readTimeout, idleTimeout, maxConnections, maxConnectionsPerClient);
            ServerConfig config =
                    new ServerConfig(
                            address, port, adminHost, adminPort, adminToken, opsHost, opsPort, connections, adminAllowedOrigins,
                            trustedProxies);
            HostMetrics metrics = meterRegistry == null ? HostMetrics.own() : HostMetrics.in(meterRegistry);
            host.observer(metrics);
            LogStreams logStreams = new LogStreams();
            host.logListener(logStreams);
            // Listening waits neither for the stored functions nor for those given at start: one big
            // module never keeps the host down.
            host.loadStoredInBackground(true);
            HostCore core;
            try {
                core = HostCore.of(host.build());
            } catch (RuntimeException e) {
                metrics.close();
                throw e;
            }
            selfOrigins.forEach(core::listensAt);
            return UndertowEdgeServer.create(core, metrics, logStreams, config);
        }

        private static void checkPort(String name, int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(name + " must be between 0 and 65535: " + port);
            }
        }

        private static boolean isLoopback(String address) {
            try {
                return InetAddress.getByName(address).isLoopbackAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("unknown admin host: " + address, e);
            }
        }
    }
}
