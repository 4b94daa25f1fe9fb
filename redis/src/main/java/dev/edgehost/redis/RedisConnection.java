package dev.edgehost.redis;

import dev.edgehost.host.spi.BackendHealth;
import dev.edgehost.host.spi.KvUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections to one Redis server, binary-safe, shared by every thread of the host: one for
 * key-value calls with the short key-value timeout, one for deployments (modules of many
 * megabytes, which must neither time out that soon nor hold up key-value calls behind them).
 *
 * <p>While the server is unreachable, commands fail at once instead of queueing for a
 * reconnect, and a reconnect is tried every 200 ms at the latest, so that calls work again as
 * soon as it is back.
 */
final class RedisConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);
    /** The timeout of deployment commands and of connecting. */
    static final Duration FUNCTIONS_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_KV_TIMEOUT = Duration.ofMillis(250);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Delay RECONNECT_DELAY =
            Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(200), 2, TimeUnit.MILLISECONDS);

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> kv;
    private final StatefulRedisConnection<byte[], byte[]> functions;
    private final String description;

    private RedisConnection(
            ClientResources resources,
            RedisClient client,
            StatefulRedisConnection<byte[], byte[]> kv,
            StatefulRedisConnection<byte[], byte[]> functions,
            String description) {
        this.resources = resources;
        this.client = client;
        this.kv = kv;
        this.functions = functions;
        this.description = description;
    }

    /**
     * Connects, failing at once if the server cannot be reached.
     *
     * @throws KvUnavailableException when it cannot
     */
    static RedisConnection connect(URI uri, Duration kvTimeout) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(FUNCTIONS_TIMEOUT);
        ClientResources resources = ClientResources.builder().reconnectDelay(RECONNECT_DELAY).build();
        RedisClient client = RedisClient.create(resources, redisUri);
        client.setOptions(
                ClientOptions.builder()
                        .autoReconnect(true)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true).build())
                        .build());
        StatefulRedisConnection<byte[], byte[]> kv = null;
        try {
            kv = client.connect(ByteArrayCodec.INSTANCE);
            kv.setTimeout(kvTimeout);
            StatefulRedisConnection<byte[], byte[]> functions = client.connect(ByteArrayCodec.INSTANCE);
            return new RedisConnection(resources, client, kv, functions, RedisBackend.withoutPassword(uri));
        } catch (RedisException e) {
            if (kv != null) {
                kv.close();
            }
            shutdown(client, resources);
            throw new KvUnavailableException(
                    "cannot connect to Redis at " + RedisBackend.withoutPassword(uri) + ": " + e.getMessage(), e);
        }
    }

    /** Binary-safe synchronous commands for key-value calls, with the key-value timeout. */
    RedisCommands<byte[], byte[]> kvCommands() {
        return kv.sync();
    }

    /** Binary-safe synchronous commands for deployments, with the longer timeout. */
    RedisCommands<byte[], byte[]> functionCommands() {
        return functions.sync();
    }

    /** The client, to open further connections such as a subscription. */
    RedisClient client() {
        return client;
    }

    /** Whether the server answers a ping on the key-value connection within the key-value timeout. */
    BackendHealth health() {
        if (!kv.isOpen()) {
            return BackendHealth.down("not connected to " + description);
        }
        try {
            kv.sync().ping();
            return BackendHealth.healthy();
        } catch (RedisException e) {
            return BackendHealth.down(String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void close() {
        kv.close();
        functions.close();
        shutdown(client, resources);
    }

    private static void shutdown(RedisClient client, ClientResources resources) {
        client.shutdown();
        Future<Boolean> stopped = resources.shutdown(0, 2, TimeUnit.SECONDS);
        try {
            // Its threads are gone when this returns, so that closing a host leaves none behind.
            stopped.get(3, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the Redis client's threads did not stop: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
