package dev.edgehost.redis;

import dev.edgehost.host.spi.KvUnavailableException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.net.URI;
import java.time.Duration;

/** One connection to a Redis server, binary-safe, shared by every thread of the host. */
final class RedisConnection implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;

    private RedisConnection(RedisClient client, StatefulRedisConnection<byte[], byte[]> connection) {
        this.client = client;
        this.connection = connection;
    }

    /**
     * Connects, failing at once if the server cannot be reached.
     *
     * @throws KvUnavailableException when it cannot
     */
    static RedisConnection connect(URI uri) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(TIMEOUT);
        RedisClient client = RedisClient.create(redisUri);
        try {
            return new RedisConnection(client, client.connect(ByteArrayCodec.INSTANCE));
        } catch (RedisException e) {
            client.shutdown();
            throw new KvUnavailableException("cannot connect to Redis at " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Binary-safe synchronous commands, shared by every thread. */
    RedisCommands<byte[], byte[]> commands() {
        return connection.sync();
    }

    /** The client, to open further connections such as a subscription. */
    RedisClient client() {
        return client;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
