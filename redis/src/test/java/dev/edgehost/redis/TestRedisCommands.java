package dev.edgehost.redis;

import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

/** Redis commands a test sends past the host (a pause, a deleted hash field), on a connection opened for the call. */
final class TestRedisCommands {
    private TestRedisCommands() {}

    static <T> T call(URI redis, Function<RedisCommands<byte[], byte[]>, T> commands) {
        try (RedisConnection connection = RedisConnection.connect(redis, Duration.ofSeconds(5))) {
            return commands.apply(connection.kvCommands());
        }
    }
}
