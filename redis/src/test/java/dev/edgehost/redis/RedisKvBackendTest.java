package dev.edgehost.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.abi.ErrorCode;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.StorageException;
import dev.edgehost.host.capability.AbiErrorException;
import dev.edgehost.host.capability.GuestBytes;
import dev.edgehost.host.kv.FunctionKv;
import dev.edgehost.host.spi.BackendHealth;
import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.host.spi.KvUnavailableException;
import dev.edgehost.testing.KvBackendContract;
import dev.edgehost.testing.RedisServer;
import dev.edgehost.testing.RedisServerExtension;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisKvBackendTest extends KvBackendContract {
    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.shared();
    private RedisBackend backend;

    @Override
    protected KvBackend backend() {
        redis.flush();
        backend = RedisBackend.open(redis.uri());
        return backend.kv();
    }

    @AfterEach
    void close() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void connect_noServer_failsClearly() {
        assertThrows(KvUnavailableException.class, () -> RedisConnection.connect(URI.create("redis://127.0.0.1:1"), Duration.ofMillis(250)));
        assertThrows(StorageException.class, () -> RedisBackend.open(URI.create("redis://127.0.0.1:1")));
    }

    @Test
    void functionKv_backendUnreachable_isUpstreamFailure() {
        RedisServer unreachable = redis.start();
        RedisBackend remote = RedisBackend.open(unreachable.uri());
        try {
            FunctionKv overRedis = new FunctionKv(remote.kv(), "fn/x", FunctionLimits.defaults());
            overRedis.set(GuestBytes.of(bytes("k")), GuestBytes.of(bytes("v")), 0);
            unreachable.close();

            AbiErrorException refused = assertThrows(AbiErrorException.class, () -> overRedis.get(GuestBytes.of(bytes("k"))));
            assertEquals(ErrorCode.UPSTREAM_FAILURE, refused.code());
        } finally {
            remote.close();
            unreachable.close();
        }
    }

    @Test
    void kvCall_redisHangs_failsWithinTheTimeout() {
        try (RedisBackend hanging = RedisBackend.open(redis.uri(), Duration.ofMillis(100))) {
            hanging.kv().set("ns", bytes("k"), bytes("v"), 0);
            TestRedisCommands.call(redis.uri(), commands -> commands.clientPause(1_000));

            long start = System.nanoTime();
            assertThrows(KvUnavailableException.class, () -> hanging.kv().get("ns", bytes("k")));
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertTrue(millis >= 90 && millis < 300, "failed after " + millis + " ms, the timeout being 100 ms");
            assertFalse(hanging.health().up(), "a hung Redis is down");
        }
    }

    @Test
    void health_serverGone_isDownWithTheReason() {
        RedisServer gone = redis.start();
        try (RedisBackend remote = RedisBackend.open(gone.uri())) {
            assertTrue(remote.health().up());
            gone.kill();

            BackendHealth health = remote.health();

            assertFalse(health.up());
            assertFalse(health.reason().isBlank());
        } finally {
            gone.close();
        }
    }

    @Test
    void describe_uriWithPassword_showsNoCredentials() {
        assertEquals("redis://cache:6380/2", RedisBackend.withoutPassword(URI.create("redis://user:secret@cache:6380/2")));
    }
}
