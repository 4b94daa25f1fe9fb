package dev.edgehost.host.kv;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisKvBackendTest extends KvBackendContract {
    private static TestRedis redis;
    private RedisKvBackend backend;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    KvBackend backend() {
        redis.flush();
        backend = new RedisKvBackend(RedisConnection.connect(redis.uri()));
        return backend;
    }

    @AfterEach
    void close() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void connect_noServer_failsClearly() {
        assertThrows(KvUnavailableException.class, () -> RedisConnection.connect(URI.create("redis://127.0.0.1:1")));
    }
}
