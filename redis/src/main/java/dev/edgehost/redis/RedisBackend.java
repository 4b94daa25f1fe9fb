package dev.edgehost.redis;

import dev.edgehost.host.StorageException;
import dev.edgehost.host.spi.Backend;
import dev.edgehost.host.spi.BackendHealth;
import dev.edgehost.host.spi.FunctionRepository;
import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.host.spi.KvUnavailableException;
import dev.edgehost.host.spi.ScheduleLeases;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;

/**
 * Deployments and key-value data in one Redis server, shared by every host pointed at it. A host
 * opens it by itself for {@code redis://} and {@code rediss://} URIs given to
 * {@code EdgeHost.builder().redis(uri)}; embedders may also open one and pass it as a backend.
 * Thread-safe.
 */
public final class RedisBackend implements Backend {
    private final RedisConnection connection;
    private final RedisFunctionRepository functions;
    private final RedisKvBackend kv;
    private final RedisScheduleLeases leases;
    private final String description;

    private RedisBackend(RedisConnection connection, String description) {
        this.connection = connection;
        this.functions = new RedisFunctionRepository(connection, description);
        this.kv = new RedisKvBackend(connection);
        // A random name per host: each lease tells which host took it.
        this.leases = new RedisScheduleLeases(connection, "host-" + UUID.randomUUID());
        this.description = description;
    }

    /**
     * Connects with the default key-value timeout (250 ms), failing at once if the server cannot be
     * reached.
     *
     * @throws StorageException when it cannot
     */
    public static RedisBackend open(URI uri) {
        return open(uri, RedisConnection.DEFAULT_KV_TIMEOUT);
    }

    /**
     * Connects, failing at once if the server cannot be reached.
     *
     * @param kvTimeout how long one key-value call may wait for Redis before it fails
     * @throws StorageException when it cannot
     */
    public static RedisBackend open(URI uri, Duration kvTimeout) {
        try {
            return new RedisBackend(RedisConnection.connect(uri, kvTimeout), withoutPassword(uri));
        } catch (KvUnavailableException e) {
            throw new StorageException(e.getMessage(), e);
        }
    }

    /** The URI as the log may show it: scheme, host, port and database, never the user's credentials. */
    static String withoutPassword(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getPath() == null ? "" : uri.getPath());
    }

    @Override
    public FunctionRepository functions() {
        return functions;
    }

    @Override
    public KvBackend kv() {
        return kv;
    }

    /** Leases in Redis, so that of the hosts on this server exactly one runs each scheduled run. */
    @Override
    public ScheduleLeases scheduleLeases() {
        return leases;
    }

    @Override
    public String describe() {
        return description;
    }

    /** Whether Redis answers a ping within the key-value timeout. */
    @Override
    public BackendHealth health() {
        return connection.health();
    }

    @Override
    public void close() {
        functions.close();
        connection.close();
    }
}
