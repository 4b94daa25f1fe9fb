package dev.edgehost.host;

import dev.edgehost.host.server.ServerConfig;
import dev.edgehost.host.server.UndertowEdgeServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The edge host as an HTTP server: functions on a public port, the admin API on its own port.
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

    /** Loads stored functions, deploys the bundled samples if asked, and starts listening. */
    EdgeServer start();

    /** The public port actually bound (useful when built with port 0). */
    int port();

    /** The admin port actually bound. */
    int adminPort();

    /** Stops listening, lets running requests finish, and releases every resource; closing twice does nothing. */
    @Override
    void close();

    /** Builds an {@link EdgeServer}; {@link #build()} checks the combination of settings. */
    final class Builder {
        private String host = "0.0.0.0";
        private int port = 8080;
        private String adminHost = "127.0.0.1";
        private int adminPort = 8081;
        private String adminToken;
        private Path dataDir;
        private URI redis;
        private FunctionLimits defaultLimits = FunctionLimits.defaults();
        private int workers = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        private int queueSize = 1024;
        private long maxModuleBytes = 64L << 20;
        private long maxCachedModuleBytes = 512L << 20;
        private boolean bundledSamples;

        private Builder() {}

        /** Address of the public listener; default all interfaces. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
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

        /** Where deployments survive restarts; {@code null} (the default) keeps them in memory. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /**
         * A Redis server ({@code redis://host:port}) that keeps deployments and key-value data for
         * every host pointed at it, instead of the data dir; {@code null} (the default) for none.
         */
        public Builder redis(URI redis) {
            this.redis = redis;
            return this;
        }

        /** Limits of functions deployed without their own. */
        public Builder defaultLimits(FunctionLimits defaultLimits) {
            this.defaultLimits = Objects.requireNonNull(defaultLimits, "defaultLimits");
            return this;
        }

        /** Threads that run guests. */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Requests that may wait for a worker before new ones get {@code 503}. */
        public Builder queueSize(int queueSize) {
            this.queueSize = queueSize;
            return this;
        }

        /** The largest module the admin API accepts. */
        public Builder maxModuleBytes(long maxModuleBytes) {
            this.maxModuleBytes = maxModuleBytes;
            return this;
        }

        /** Bound of the compiled-module cache, counted in module bytes. */
        public Builder maxCachedModuleBytes(long maxCachedModuleBytes) {
            this.maxCachedModuleBytes = maxCachedModuleBytes;
            return this;
        }

        /** Whether to deploy the bundled sample guests under names not deployed otherwise. */
        public Builder bundledSamples(boolean bundledSamples) {
            this.bundledSamples = bundledSamples;
            return this;
        }

        /**
         * The server, not yet listening.
         *
         * @throws IllegalArgumentException when a setting is out of range, or the admin API would
         *     listen beyond loopback without a token
         * @throws StorageException when the data dir or the key-value store cannot be used, or
         *     Redis cannot be reached
         */
        public EdgeServer build() {
            checkPort("port", port);
            checkPort("adminPort", adminPort);
            if (workers < 1 || workers > 10_000) {
                throw new IllegalArgumentException("workers must be between 1 and 10000: " + workers);
            }
            if (queueSize < 0 || queueSize > 1_000_000) {
                throw new IllegalArgumentException("queueSize must be between 0 and 1000000: " + queueSize);
            }
            if (maxModuleBytes < 8 || maxModuleBytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("maxModuleBytes is out of range: " + maxModuleBytes);
            }
            if (maxCachedModuleBytes < 1) {
                throw new IllegalArgumentException("maxCachedModuleBytes must be positive: " + maxCachedModuleBytes);
            }
            if (redis != null && !"redis".equals(redis.getScheme()) && !"rediss".equals(redis.getScheme())) {
                throw new IllegalArgumentException("redis must be a redis:// or rediss:// URI: " + redis);
            }
            if (adminToken != null && adminToken.isBlank()) {
                throw new IllegalArgumentException("adminToken must not be blank");
            }
            if (adminToken == null && !isLoopback(adminHost)) {
                throw new IllegalArgumentException(
                        "the admin API listens on " + adminHost + ", beyond loopback: give it a token");
            }
            return UndertowEdgeServer.create(
                    new ServerConfig(
                            host,
                            port,
                            adminHost,
                            adminPort,
                            adminToken,
                            dataDir,
                            redis,
                            defaultLimits,
                            workers,
                            queueSize,
                            maxModuleBytes,
                            maxCachedModuleBytes,
                            bundledSamples));
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
