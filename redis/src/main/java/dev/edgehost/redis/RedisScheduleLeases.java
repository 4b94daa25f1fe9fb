package dev.edgehost.redis;

import dev.edgehost.host.spi.KvUnavailableException;
import dev.edgehost.host.spi.ScheduleLeases;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The leases of scheduled runs in Redis: one key per (function, minute), {@code
 * edge:schedule:NAME:EPOCH-MILLIS}, taken with {@code SET NX PX}, so exactly one of the hosts on
 * the server takes each run; the key expires after the hold. Thread-safe.
 */
final class RedisScheduleLeases implements ScheduleLeases {
    private final RedisCommands<byte[], byte[]> redis;
    private final byte[] owner;

    /** @param owner what the lease's value names as its taker, for someone reading Redis */
    RedisScheduleLeases(RedisConnection connection, String owner) {
        this.redis = connection.kvCommands();
        this.owner = owner.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean acquire(String function, Instant minute, Duration hold) {
        byte[] key = ("edge:schedule:" + function + ":" + minute.toEpochMilli()).getBytes(StandardCharsets.UTF_8);
        try {
            return "OK".equals(redis.set(key, owner, SetArgs.Builder.nx().px(hold.toMillis())));
        } catch (RedisException e) {
            throw new KvUnavailableException("Redis did not answer the lease of a scheduled run: " + e.getMessage(), e);
        }
    }
}
